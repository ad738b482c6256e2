import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import {
  Interrupt,
  RandomStreams,
  Simulation,
  Trace,
  anyOf,
  createStream,
  sampler,
  streamSeed,
  type RandomStream,
} from '../../src/sim/index.js';

interface ModelOptions {
  seed: number;
  runIndex?: number;
  /** Draws this many numbers from an unrelated stream first. */
  unrelatedDraws?: number;
}

/**
 * A small randomized model: a writer with exponential gaps and uniform
 * batch sizes, a replicator that ships on a period or early when the backlog
 * is large, and a failure injector that interrupts the replicator and repairs
 * it after a lognormal time. Three named streams, timeouts, a signal, anyOf
 * and interrupts.
 */
function runModel({ seed, runIndex = 0, unrelatedDraws = 0 }: ModelOptions) {
  const simulation = new Simulation({ log: true });
  const streams = new RandomStreams(seed, runIndex);
  const unrelated = streams.stream('unrelated');
  for (let index = 0; index < unrelatedDraws; index++) unrelated.next();
  const writes = streams.stream('writes');
  const failures = streams.stream('failures');
  const writeGap = sampler({ kind: 'exponential', mean: 150 });
  const batchBytes = sampler({ kind: 'uniform', min: 4_096, max: 65_536 });
  const timeToFailure = sampler({ kind: 'exponential', mean: 20_000 });
  const repairTime = sampler({ kind: 'lognormal', median: 3_000, p95: 12_000 });
  const shipped = simulation.tag('shipped');
  const interrupted = simulation.tag('interrupted');
  const written = simulation.tag('written');
  let backlog = 0;
  let backlogHigh = simulation.signal('backlog high');

  simulation.process(
    (function* () {
      for (;;) {
        yield writeGap(writes);
        backlog += Math.round(batchBytes(writes));
        simulation.record(written, backlog);
        if (backlog > 400_000 && !backlogHigh.triggered) backlogHigh.succeed();
      }
    })(),
    'writer',
  );

  function* replicate() {
    for (;;) {
      try {
        yield anyOf(simulation, [simulation.timeout(1_000), backlogHigh]);
        if (backlogHigh.triggered) backlogHigh = simulation.signal('backlog high');
        simulation.record(shipped, backlog);
        backlog = 0;
      } catch (error) {
        if (!(error instanceof Interrupt)) throw error;
        simulation.record(interrupted, error.reason as number);
        return;
      }
    }
  }

  let replicator = simulation.process(replicate(), 'replicator');
  simulation.process(
    (function* () {
      for (;;) {
        yield timeToFailure(failures);
        replicator.interrupt(simulation.now);
        yield repairTime(failures);
        replicator = simulation.process(replicate(), 'replicator');
      }
    })(),
    'failures',
  );
  simulation.run({ until: 120_000 });
  return { digest: simulation.trace.digest(), log: simulation.trace.log!, events: simulation.eventsProcessed };
}

describe('determinism (INV-12)', () => {
  it('gives the same digest and the same event log for the same seed', () => {
    const first = runModel({ seed: 42 });
    const second = runModel({ seed: 42 });
    expect(first.log.length).toBeGreaterThan(1_000);
    expect(first.log.some((entry) => entry.label === 'interrupted')).toBe(true);
    expect(first.log.some((entry) => entry.label === 'shipped')).toBe(true);
    expect(second.digest).toBe(first.digest);
    expect(second.log).toEqual(first.log);
    expect(first.digest).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives different digests for different seeds and run indices', () => {
    const digests = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) digests.add(runModel({ seed }).digest);
    for (let runIndex = 1; runIndex <= 5; runIndex++) digests.add(runModel({ seed: 1, runIndex }).digest);
    expect(digests.size).toBe(15);
  });

  it('is unaffected by draws from a stream the model does not use', () => {
    const plain = runModel({ seed: 9 });
    const disturbed = runModel({ seed: 9, unrelatedDraws: 12_345 });
    expect(disturbed.digest).toBe(plain.digest);
    expect(disturbed.log).toEqual(plain.log);
  });
});

describe('random streams', () => {
  const firstValues = (stream: RandomStream, count = 50) => Array.from({ length: count }, () => stream.next());

  it('are independent: drawing more from one never changes another', () => {
    const quiet = new RandomStreams(3, 0);
    const busy = new RandomStreams(3, 0);
    const busyOther = busy.stream('capture');
    for (let index = 0; index < 10_000; index++) busyOther.next();
    expect(firstValues(busy.stream('replication'))).toEqual(firstValues(quiet.stream('replication')));
  });

  it('depend only on (seed, run index, name), not on creation order or the instance', () => {
    const forward = new RandomStreams('scenario-7', 4);
    const backward = new RandomStreams('scenario-7', 4);
    const a = forward.stream('a');
    const b = forward.stream('b');
    const bFirst = backward.stream('b');
    const aSecond = backward.stream('a');
    expect(firstValues(aSecond)).toEqual(firstValues(a));
    expect(firstValues(bFirst)).toEqual(firstValues(b));
  });

  it('differ when the seed, the run index or the name differs', () => {
    const reference = firstValues(new RandomStreams(5, 0).stream('links'));
    expect(firstValues(new RandomStreams(6, 0).stream('links'))).not.toEqual(reference);
    expect(firstValues(new RandomStreams(5, 1).stream('links'))).not.toEqual(reference);
    expect(firstValues(new RandomStreams(5, 0).stream('link'))).not.toEqual(reference);
  });

  it('continue where they left off: stream(name) returns the same stream', () => {
    const streams = new RandomStreams(1, 0);
    const head = firstValues(streams.stream('x'), 10);
    const tail = firstValues(streams.stream('x'), 10);
    expect(firstValues(new RandomStreams(1, 0).stream('x'), 20)).toEqual([...head, ...tail]);
  });

  it('draw exactly the numbers of seedrandom alea seeded with the documented derivation', () => {
    const seed = streamSeed(11, 2, 'failures');
    expect(seed).toBe('drsim/11/2/failures');
    const reference = seedrandom.alea(seed);
    const stream = new RandomStreams(11, 2).stream('failures');
    for (let index = 0; index < 10_000; index++) expect(stream.next()).toBe(reference());
    expect(createStream(seed).next()).toBe(seedrandom.alea(seed)());
  });

  it('draw uniformly in [0, 1)', () => {
    const stream = createStream('uniformity');
    let low = Infinity;
    let high = -Infinity;
    for (let index = 0; index < 100_000; index++) {
      const value = stream.next();
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
  });
});

describe('trace digest', () => {
  const digestOf = (feed: (trace: Trace) => void) => {
    const trace = new Trace();
    feed(trace);
    return trace.digest();
  };

  it('changes with any event time, sequence, tag or recorded value', () => {
    const base = digestOf((trace) => {
      trace.recordEvent(10, 0, 0);
      trace.recordValue(10, 1, 0.5);
    });
    const variants = [
      (trace: Trace) => (trace.recordEvent(11, 0, 0), trace.recordValue(10, 1, 0.5)),
      (trace: Trace) => (trace.recordEvent(10, 1, 0), trace.recordValue(10, 1, 0.5)),
      (trace: Trace) => (trace.recordEvent(10, 0, 2), trace.recordValue(10, 1, 0.5)),
      (trace: Trace) => (trace.recordEvent(10, 0, 0), trace.recordValue(10, 1, 0.50000001)),
      (trace: Trace) => (trace.recordEvent(10, 0, 0), trace.recordValue(10, 2, 0.5)),
      (trace: Trace) => (trace.recordEvent(10 + 2 ** 32, 0, 0), trace.recordValue(10, 1, 0.5)),
      (trace: Trace) => (trace.recordEvent(10, 2 ** 32, 0), trace.recordValue(10, 1, 0.5)),
      (trace: Trace) => trace.recordEvent(10, 0, 0),
    ];
    const digests = new Set([base, ...variants.map(digestOf)]);
    expect(digests.size).toBe(variants.length + 1);
  });

  it('tells apart event histories that differ in one event or in their order', () => {
    const event = fc.record({ time: fc.nat({ max: 2 ** 40 }), seq: fc.nat({ max: 2 ** 40 }), tag: fc.nat({ max: 300 }) });
    const digestOfEvents = (events: readonly { time: number; seq: number; tag: number }[]) =>
      digestOf((trace) => events.forEach(({ time, seq, tag }) => trace.recordEvent(time, seq, tag)));
    fc.assert(
      fc.property(fc.array(event, { minLength: 2, maxLength: 40 }), fc.nat(), event, (events, at, replacement) => {
        const index = at % (events.length - 1);
        const [first, second] = [events[index], events[index + 1]];
        const base = digestOfEvents(events);
        // Order matters: the running sum alone would not see a swap, the hash chain does.
        if (first.time !== second.time || first.seq !== second.seq || first.tag !== second.tag) {
          expect(digestOfEvents(events.toSpliced(index, 2, second, first))).not.toBe(base);
        }
        const changed = events[index];
        if (changed.time !== replacement.time || changed.seq !== replacement.seq || changed.tag !== replacement.tag) {
          expect(digestOfEvents(events.toSpliced(index, 1, replacement))).not.toBe(base);
        }
        expect(digestOfEvents([...events, replacement])).not.toBe(base);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a log with labels only when asked', () => {
    const simulation = new Simulation({ log: true });
    const tag = simulation.tag('fenced');
    expect(simulation.tag('fenced')).toBe(tag);
    simulation.schedule(5, () => simulation.record(tag, 1), undefined, tag);
    simulation.run();
    expect(simulation.trace.log).toEqual([
      { time: 5, seq: 0, label: 'fenced' },
      { time: 5, seq: -1, label: 'fenced', value: 1 },
    ]);
    expect(new Simulation().trace.log).toBeUndefined();
  });
});
