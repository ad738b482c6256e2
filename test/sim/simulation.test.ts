import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventBudgetExceeded, Simulation } from '../../src/sim/index.js';
import { ReferenceBudgetExceeded, ReferenceSimulation } from './reference-queue.js';

/** What both engines are driven through. */
interface Engine {
  readonly now: number;
  readonly pendingEvents: number;
  schedule(delay: number, callback: (id: number) => void, id: number): number;
  scheduleAt(time: number, callback: (id: number) => void, id: number): number;
  cancel(handle: number): boolean;
  stop(): void;
  run(limits: { until?: number; maxEvents?: number }): string;
}

/** What an event does when it fires; event i behaves as behaviours[i % length]. */
interface Behaviour {
  delays: number[];
  cancels: number[];
  stop: boolean;
}

type Command =
  | { kind: 'schedule'; delay: number }
  | { kind: 'scheduleAt'; offset: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'run'; untilOffset?: number; maxEvents?: number };

interface Program {
  behaviours: Behaviour[];
  commands: Command[];
}

/** Only the first events schedule children, so every program terminates. */
const PARENT_LIMIT = 300;

/** Delays in ms: many zeros and ties, fractions that round, the near ring's edge, far ones. */
const delay = fc.oneof(
  { arbitrary: fc.constantFrom(0, 0, 1, 2), weight: 4 },
  { arbitrary: fc.constantFrom(0.4, 0.5, 1.5, 2.49), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 3 },
  { arbitrary: fc.integer({ min: 4_090, max: 4_100 }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 50_000 }), weight: 1 },
);

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  delays: fc.array(delay, { maxLength: 3 }),
  cancels: fc.array(fc.nat(), { maxLength: 2 }),
  stop: fc.integer({ min: 0, max: 9 }).map((draw) => draw === 0),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: delay.map((value) => ({ kind: 'schedule' as const, delay: value })), weight: 5 },
  { arbitrary: fc.integer({ min: 0, max: 5_000 }).map((offset) => ({ kind: 'scheduleAt' as const, offset })), weight: 1 },
  { arbitrary: fc.nat().map((pick) => ({ kind: 'cancel' as const, pick })), weight: 2 },
  {
    arbitrary: fc.record(
      {
        untilOffset: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.double({ min: 0, max: 5_000, noNaN: true })),
        maxEvents: fc.integer({ min: 0, max: 60 }),
      },
      { requiredKeys: [] },
    ).map((limits) => ({ kind: 'run' as const, ...limits })),
    weight: 2,
  },
);

const program: fc.Arbitrary<Program> = fc.record({
  behaviours: fc.array(behaviour, { minLength: 1, maxLength: 6 }),
  commands: fc.array(command, { maxLength: 60, size: 'max' }),
});

/** Drives one engine through the program; returns everything observable, in order. */
function interpret(engine: Engine, { behaviours, commands }: Program): unknown[] {
  const observed: unknown[] = [];
  const handles: number[] = [];
  const schedule = (delayMs: number) => handles.push(engine.schedule(delayMs, fire, handles.length));
  function fire(id: number): void {
    observed.push({ fired: id, at: engine.now });
    if (id >= PARENT_LIMIT) return;
    const { delays, cancels, stop } = behaviours[id % behaviours.length];
    for (const delayMs of delays) schedule(delayMs);
    for (const pick of cancels) observed.push({ cancel: pick % handles.length, result: engine.cancel(handles[pick % handles.length]) });
    if (stop) engine.stop();
  }
  const run = (limits: { until?: number; maxEvents?: number }) => {
    try {
      observed.push({ outcome: engine.run(limits), now: engine.now, pending: engine.pendingEvents });
    } catch (error) {
      if (error instanceof EventBudgetExceeded || error instanceof ReferenceBudgetExceeded) {
        observed.push({ budgetExceeded: error.maxEvents, at: error.time, now: engine.now });
      } else {
        throw error;
      }
    }
  };
  for (const step of commands) {
    switch (step.kind) {
      case 'schedule':
        schedule(step.delay);
        break;
      case 'scheduleAt':
        handles.push(engine.scheduleAt(engine.now + step.offset, fire, handles.length));
        break;
      case 'cancel':
        if (handles.length > 0) observed.push({ cancel: step.pick % handles.length, result: engine.cancel(handles[step.pick % handles.length]) });
        break;
      case 'run':
        run({
          until: step.untilOffset === undefined ? undefined : engine.now + step.untilOffset,
          maxEvents: step.maxEvents,
        });
        break;
    }
  }
  run({});
  return observed;
}

function referenceEngine(): Engine & { reference: ReferenceSimulation } {
  const reference = new ReferenceSimulation();
  return {
    reference,
    get now() {
      return reference.now;
    },
    get pendingEvents() {
      return reference.queue.size;
    },
    schedule: (delayMs, callback, id) => reference.schedule(delayMs, () => callback(id)),
    scheduleAt: (time, callback, id) => reference.schedule(time - reference.now, () => callback(id)),
    cancel: (handle) => reference.cancel(handle),
    stop: () => reference.stop(),
    run: (limits) => reference.run(limits),
  };
}

describe('Simulation against a sorted-array reference', () => {
  it('executes the same events in the same (time, sequence) order, with the same cancel and run results', () => {
    fc.assert(
      fc.property(program, (generated) => {
        const simulation = new Simulation({ log: true });
        const reference = referenceEngine();
        const observed = interpret(simulation, generated);
        expect(observed).toEqual(interpret(reference, generated));
        const executed = simulation.trace.log!.map(({ time, seq }) => ({ time, seq }));
        expect(executed).toEqual(reference.reference.executed);
        // INV-11: time never decreases; equal times run in scheduling order.
        for (let index = 1; index < executed.length; index++) {
          const previous = executed[index - 1];
          const current = executed[index];
          expect(current.time > previous.time || (current.time === previous.time && current.seq > previous.seq)).toBe(true);
        }
        expect(simulation.eventsProcessed).toBe(executed.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Simulation run limits', () => {
  const noop = () => {};

  it('leaves the clock at `until`, whether events remain or not', () => {
    const simulation = new Simulation();
    simulation.schedule(100, noop);
    simulation.schedule(5_000, noop);
    expect(simulation.run({ until: 1_000 })).toBe('until');
    expect(simulation.now).toBe(1_000);
    expect(simulation.pendingEvents).toBe(1);
    expect(simulation.run({ until: 9_000 })).toBe('empty');
    expect(simulation.now).toBe(9_000);
    // An event exactly at `until` runs.
    simulation.schedule(1_000, noop);
    expect(simulation.run({ until: 10_000 })).toBe('empty');
    expect(simulation.eventsProcessed).toBe(3);
  });

  it('floors a fractional `until`, since events happen at whole milliseconds', () => {
    const simulation = new Simulation();
    expect(simulation.run({ until: 1_234.9 })).toBe('empty');
    expect(simulation.now).toBe(1_234);
  });

  it('refuses an `until` before now, and bad budgets', () => {
    const simulation = new Simulation();
    simulation.run({ until: 500 });
    expect(() => simulation.run({ until: 499 })).toThrow(RangeError);
    expect(() => simulation.run({ until: Number.NaN })).toThrow(RangeError);
    expect(() => simulation.run({ maxEvents: -1 })).toThrow(RangeError);
    expect(() => simulation.run({ maxEvents: Number.NaN })).toThrow(RangeError);
  });

  it('throws EventBudgetExceeded, with its fields, instead of hanging on a model that reschedules itself forever', () => {
    const simulation = new Simulation();
    // Zero-delay self-rescheduling: simulated time never advances.
    const spin = () => {
      simulation.schedule(0, spin);
    };
    simulation.schedule(7, spin);
    let caught: unknown;
    try {
      simulation.run({ maxEvents: 10_000 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventBudgetExceeded);
    const exceeded = caught as EventBudgetExceeded;
    expect(exceeded).toMatchObject({ code: 'EVENT_BUDGET_EXCEEDED', maxEvents: 10_000, time: 7, name: 'EventBudgetExceeded' });
    expect(exceeded.message).toContain('10000');
    expect(simulation.eventsProcessed).toBe(10_000);
    // The run can be resumed; the next event is still pending.
    expect(simulation.pendingEvents).toBe(1);
    expect(() => simulation.run({ maxEvents: 5 })).toThrow(EventBudgetExceeded);
    expect(simulation.eventsProcessed).toBe(10_005);
  });

  it('does not throw when the budget is exactly what the run needs', () => {
    const simulation = new Simulation();
    for (let index = 0; index < 5; index++) simulation.schedule(index, noop);
    expect(simulation.run({ maxEvents: 5 })).toBe('empty');
  });

  it('stops after the current event when stop() is called', () => {
    const simulation = new Simulation();
    simulation.schedule(10, () => simulation.stop());
    simulation.schedule(20, noop);
    expect(simulation.run()).toBe('stopped');
    expect(simulation.now).toBe(10);
    expect(simulation.run()).toBe('empty');
    expect(simulation.now).toBe(20);
  });

  it('is not re-entrant', () => {
    const simulation = new Simulation();
    let inner: unknown;
    simulation.schedule(1, () => {
      try {
        simulation.run();
      } catch (error) {
        inner = error;
      }
    });
    simulation.run();
    expect(inner).toBeInstanceOf(Error);
    expect(String(inner)).toMatch(/re-entrant/);
  });

  it('rejects negative, NaN and infinite delays and times in the past; rounds delays to whole ms', () => {
    const simulation = new Simulation({ log: true });
    expect(() => simulation.schedule(-1, noop)).toThrow(RangeError);
    expect(() => simulation.schedule(Number.NaN, noop)).toThrow(RangeError);
    expect(() => simulation.schedule(Infinity, noop)).toThrow(RangeError);
    // Finite, but past the last whole ms a float64 holds exactly: refused, not silently misordered.
    expect(() => simulation.schedule(1e300, noop)).toThrow(/end before 2\^53 ms/);
    expect(() => simulation.schedule(Number.MAX_SAFE_INTEGER + 2, noop)).toThrow(RangeError);
    expect(simulation.pendingEvents).toBe(0);
    simulation.run({ until: 100 });
    expect(() => simulation.scheduleAt(99, noop)).toThrow(RangeError);
    simulation.schedule(2.6, noop);
    simulation.scheduleAt(100.2, noop);
    simulation.run();
    expect(simulation.trace.log!.map((entry) => entry.time)).toEqual([100, 103]);
  });

  it('lets an exception from an event propagate out of run() and leaves the simulation usable', () => {
    const simulation = new Simulation();
    simulation.schedule(5, () => {
      throw new Error('model bug');
    });
    simulation.schedule(6, noop);
    expect(() => simulation.run()).toThrow('model bug');
    expect(simulation.now).toBe(5);
    expect(simulation.run()).toBe('empty');
    expect(simulation.eventsProcessed).toBe(2);
  });
});
