import { describe, expect, it } from 'vitest';
import { Interrupt, Simulation, allOf, anyOf, type Process } from '../../src/sim/index.js';

/** Collects `[time, what]` pairs as a model runs. */
function recorder(simulation: Simulation) {
  const events: [number, string][] = [];
  return { events, note: (what: string) => events.push([simulation.now, what]) };
}

describe('processes', () => {
  it('advance the clock by the delays they yield, and return a value', () => {
    const simulation = new Simulation();
    const { events, note } = recorder(simulation);
    const worker = simulation.process(
      (function* () {
        note('start');
        yield 250;
        note('after 250');
        yield 0;
        note('after 0');
        yield simulation.timeout(1_000);
        note('after timeout');
        return 'done';
      })(),
      'worker',
    );
    expect(worker.isAlive).toBe(true);
    expect(simulation.run()).toBe('empty');
    expect(events).toEqual([
      [0, 'start'],
      [250, 'after 250'],
      [250, 'after 0'],
      [1_250, 'after timeout'],
    ]);
    expect(worker.isAlive).toBe(false);
    expect(worker.ok).toBe(true);
    expect(worker.value).toBe('done');
  });

  it('wait on a signal and resume with its value when another process triggers it', () => {
    const simulation = new Simulation();
    const { events, note } = recorder(simulation);
    const promoted = simulation.signal<string>('promoted');
    simulation.process(
      (function* () {
        const who: string = yield promoted;
        note(`promoted ${who}`);
      })(),
    );
    simulation.process(
      (function* () {
        yield 700;
        promoted.succeed('west');
      })(),
    );
    simulation.run();
    expect(events).toEqual([[700, 'promoted west']]);
    expect(() => promoted.succeed('again')).toThrow(/already triggered/);
  });

  it('resume at once on a signal that has already triggered', () => {
    const simulation = new Simulation();
    const ready = simulation.signal<number>('ready').succeed(5);
    let seen: number | undefined;
    simulation.process(
      (function* () {
        yield 30;
        seen = yield ready;
      })(),
    );
    simulation.run();
    expect([simulation.now, seen]).toEqual([30, 5]);
  });

  it('wait for another process to finish and receive its return value', () => {
    const simulation = new Simulation();
    const restore = simulation.process(
      (function* () {
        yield 4_000;
        return 17;
      })(),
      'restore',
    );
    let restored: number | undefined;
    let at = -1;
    simulation.process(
      (function* () {
        restored = yield restore;
        at = simulation.now;
      })(),
    );
    simulation.run();
    expect([restored, at]).toEqual([17, 4_000]);
  });

  it('anyOf resumes with the index and value of the first signal to succeed', () => {
    const simulation = new Simulation();
    const slow = simulation.process(
      (function* () {
        yield 900;
        return 'slow';
      })(),
    );
    const fast = simulation.process(
      (function* () {
        yield 300;
        return 'fast';
      })(),
    );
    let first: unknown;
    simulation.process(
      (function* () {
        first = yield anyOf(simulation, [slow, fast, simulation.timeout(5_000)]);
        expect(simulation.now).toBe(300);
      })(),
    );
    simulation.run();
    expect(first).toEqual({ index: 1, value: 'fast' });
  });

  it('anyOf with a timeout expresses a deadline', () => {
    const simulation = new Simulation();
    const acknowledged = simulation.signal('ack');
    let result: unknown;
    simulation.process(
      (function* () {
        result = yield anyOf(simulation, [acknowledged, simulation.timeout(60)]);
      })(),
    );
    simulation.run();
    expect(result).toEqual({ index: 1, value: undefined });
    expect(simulation.now).toBe(60);
  });

  it('anyOf refuses an empty list rather than never waking up', () => {
    expect(() => anyOf(new Simulation(), [])).toThrow(RangeError);
  });

  it('allOf resumes with every value, in the order given, once the last succeeds', () => {
    const simulation = new Simulation();
    const durations = [500, 100, 300];
    const steps = durations.map((duration, index) =>
      simulation.process(
        (function* () {
          yield duration;
          return `step ${index}`;
        })(),
      ),
    );
    let values: unknown;
    simulation.process(
      (function* () {
        values = yield allOf(simulation, steps);
        expect(simulation.now).toBe(500);
      })(),
    );
    simulation.run();
    expect(values).toEqual(['step 0', 'step 1', 'step 2']);
  });

  it('allOf of nothing succeeds at once with no values', () => {
    const simulation = new Simulation();
    let values: unknown;
    simulation.process(
      (function* () {
        values = yield allOf(simulation, []);
      })(),
    );
    simulation.run();
    expect([values, simulation.now]).toEqual([[], 0]);
  });

  it('allOf and anyOf fail with the first failure', () => {
    const simulation = new Simulation();
    const broken = simulation.signal('broken');
    const fine = simulation.timeout(10);
    const caught: unknown[] = [];
    for (const combine of [allOf, anyOf]) {
      simulation.process(
        (function* () {
          try {
            yield combine(simulation, [fine, broken]);
          } catch (error) {
            caught.push(error);
          }
        })(),
      );
    }
    const cause = new Error('disk lost');
    simulation.schedule(5, () => broken.fail(cause));
    simulation.run();
    expect(caught).toEqual([cause, cause]);
  });
});

describe('interrupts', () => {
  it('abandon the pending delay, carry the reason, and let the process catch them and continue', () => {
    const simulation = new Simulation();
    const { events, note } = recorder(simulation);
    const sync = simulation.process(
      (function* () {
        try {
          yield 60_000;
          note('sync finished');
        } catch (error) {
          expect(error).toBeInstanceOf(Interrupt);
          note(`interrupted: ${(error as Interrupt).reason}`);
        }
        yield 5;
        note('cleaned up');
        return 'aborted';
      })(),
    );
    simulation.schedule(1_000, () => expect(sync.interrupt('site lost')).toBe(true));
    expect(simulation.run()).toBe('empty');
    expect(events).toEqual([
      [1_000, 'interrupted: site lost'],
      [1_005, 'cleaned up'],
    ]);
    // The abandoned 60 s delay was cancelled: nothing kept the clock running to 60 s.
    expect(simulation.now).toBe(1_005);
    expect(sync.value).toBe('aborted');
    expect(sync.interrupt('too late')).toBe(false);
  });

  it('detach the process from the signal it waited on', () => {
    const simulation = new Simulation();
    const { events, note } = recorder(simulation);
    const replicated = simulation.signal('replicated');
    const waiter = simulation.process(
      (function* () {
        try {
          yield replicated;
          note('woken by the signal');
        } catch {
          note('interrupted');
        }
        yield 100;
        note('after its own delay');
      })(),
    );
    simulation.schedule(10, () => waiter.interrupt('failover'));
    simulation.schedule(20, () => replicated.succeed());
    simulation.run();
    expect(events).toEqual([
      [10, 'interrupted'],
      [110, 'after its own delay'],
    ]);
  });

  it('fail the process when not caught, which surfaces from run() when nobody waits on it', () => {
    const simulation = new Simulation();
    const victim = simulation.process(
      (function* () {
        yield 1_000;
      })(),
    );
    simulation.schedule(50, () => victim.interrupt('power cut'));
    expect(() => simulation.run()).toThrow(Interrupt);
    expect(victim.ok).toBe(false);
    expect((victim.error as Interrupt).reason).toBe('power cut');
  });
});

describe('errors in processes', () => {
  it('propagate out of run() when nobody waits on the process', () => {
    const simulation = new Simulation();
    simulation.process(
      (function* () {
        yield 10;
        throw new Error('invariant violated');
      })(),
    );
    expect(() => simulation.run()).toThrow('invariant violated');
    expect(simulation.now).toBe(10);
  });

  it('are thrown into the process waiting on the failed one', () => {
    const simulation = new Simulation();
    const failing: Process<never> = simulation.process(
      (function* (): Generator<number, never> {
        yield 10;
        throw new Error('promote failed');
      })(),
    );
    let caught: unknown;
    simulation.process(
      (function* () {
        try {
          yield failing;
        } catch (error) {
          caught = error;
        }
      })(),
    );
    simulation.run();
    expect(String(caught)).toMatch(/promote failed/);
  });

  it('reach the process itself when it yields something it cannot wait on', () => {
    const simulation = new Simulation();
    const caught: unknown[] = [];
    simulation.process(
      (function* () {
        for (const bad of [-5, Number.NaN, Infinity, 'soon' as unknown as number]) {
          try {
            yield bad;
          } catch (error) {
            caught.push(error);
          }
        }
      })(),
    );
    simulation.run();
    expect(caught.map((error) => (error as Error).name)).toEqual(['RangeError', 'RangeError', 'RangeError', 'TypeError']);
  });
});
