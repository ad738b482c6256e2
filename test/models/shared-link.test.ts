/**
 * The link's minimum transfer times (a sync's object round trips): a
 * transfer completes once its bytes are across and its minimum time has run
 * while the path was up; waiting only on that time it takes no bandwidth.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.js';
import { SharedLink } from '../../src/models/shared-link.js';

/** 1 MB/s: 1000 bytes per ms. */
const RATE = 1e6;

function link() {
  const sim = new Simulation();
  return { sim, link: new SharedLink(sim, 'a->b', RATE, 100) };
}

describe('SharedLink minimum times', () => {
  it('completes at the later of the bytes (1 s) and the minimum time (5 s)', () => {
    const { sim, link: path } = link();
    let doneAt = -1;
    path.start(1e6, () => (doneAt = sim.now), null, 5000);
    sim.run();
    expect(doneAt).toBe(5000);
    expect(path.deliveredBytes).toBe(1e6);
  });

  it('a transfer waiting on its minimum time leaves the whole bandwidth to the others', () => {
    // A: 1 MB with 10 s minimum; B: 3 MB. Shared 1:1 until A's bytes are across at 2 s (2 MB sent),
    // then B alone: its last 2 MB take 2 s more, done at 4 s rather than 4 s + sharing; A at 10 s.
    const { sim, link: path } = link();
    const done: Record<string, number> = {};
    path.start(1e6, () => (done.a = sim.now), null, 10_000);
    path.start(3e6, () => (done.b = sim.now), null);
    sim.run();
    expect(done).toEqual({ a: 10_000, b: 4000 });
  });

  it('counts the minimum time only while the path is up', () => {
    const { sim, link: path } = link();
    let doneAt = -1;
    path.start(1000, () => (doneAt = sim.now), null, 5000);
    sim.schedule(2000, () => path.setUp(false));
    sim.schedule(12_000, () => path.setUp(true));
    sim.run();
    // 2 s before the cut, the remaining 3 s after the repair at 12 s.
    expect(doneAt).toBe(15_000);
  });
});
