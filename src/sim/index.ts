/** The discrete-event engine. Knows nothing about disaster recovery. */
export { EventQueue, type EventCallback, type EventHandle } from './event-queue.js';
export { Simulation, EventBudgetExceeded, type Time, type RunLimits, type RunOutcome } from './simulation.js';
export { Process, Signal, Interrupt, anyOf, allOf, type ProcessBody, type Yieldable } from './process.js';
export { RandomStreams, createStream, streamSeed, type RandomStream } from './random.js';
export * from './distributions.js';
export { Trace, type TraceEntry } from './trace.js';
