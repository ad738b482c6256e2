/** `drsim sweep` and `drsim size` as a user runs them; `size` checked against a brute-force sweep. */
import { describe, expect, it } from 'vitest';
import { ResultSchema } from '../../src/analysis/result-schema.js';
import { SizingResultSchema } from '../../src/analysis/sizing.js';
import { SweepResultSchema } from '../../src/analysis/sweep.js';
import { STACK_FRAME, drsim, fixture } from './drsim.js';

const SMALL = fixture('small-regional.yaml');
/** Cheap runs, so enough of them for the RPO percentile to grow steadily with the interval. */
const MONOTONE = fixture('sizing-monotone.yaml');
const INTERVAL = 'spec.drPolicy.schedulingInterval';
const BANDWIDTH = 'spec.links[0].bandwidth';

describe('drsim sweep', () => {
  it('runs one row per combination, first axis slowest, every point with the same seed', async () => {
    const outcome = await drsim(['sweep', SMALL, '--runs', '12', '--set', `${INTERVAL}=1m,15m`, '--set', `${BANDWIDTH}=100Mbps,1Gbps`, '--json']);
    expect(outcome.code).toBe(0);
    const sweep = SweepResultSchema.parse(JSON.parse(outcome.stdout));
    expect(sweep.axes).toEqual([
      { path: INTERVAL, values: ['1m', '15m'] },
      { path: BANDWIDTH, values: ['100Mbps', '1Gbps'] },
    ]);
    expect(sweep.rows.map((row) => [row.values[INTERVAL], row.values[BANDWIDTH]])).toEqual([
      ['1m', '100Mbps'],
      ['1m', '1Gbps'],
      ['15m', '100Mbps'],
      ['15m', '1Gbps'],
    ]);
    expect(new Set(sweep.rows.map((row) => row.result.seed))).toEqual(new Set([7]));
    const rpoP99 = sweep.rows.map((row) => row.result.summary.rpoSeconds.p99);
    expect(rpoP99[2]).toBeGreaterThan(rpoP99[0]);
    // A row is exactly what `run` gives for that point.
    const single = await drsim(['run', SMALL, '--runs', '12', '--set', `${INTERVAL}=15m`, '--set', `${BANDWIDTH}=1Gbps`, '--json']);
    expect(ResultSchema.parse(JSON.parse(single.stdout))).toEqual(sweep.rows[3].result);
  });

  it('prints a table with the values, RPO/RTO percentiles, loss and objectives', async () => {
    const outcome = await drsim(['sweep', SMALL, '--runs', '10', '--set', `${INTERVAL}=5m,30m`]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/sweep of small-regional: 2 points, 10 runs each, seed 7/);
    expect(outcome.stdout).toMatch(/drPolicy\.schedulingInterval\s+RPO p50\s+RPO p99\s+RTO p50\s+RTO p99\s+loss p99\s+objectives/);
    expect(outcome.stdout).toMatch(/^  5m\s.*\smet$/m);
    expect(outcome.stdout).toMatch(/^  30m\s.*\sBREACHED \(RPO\)$/m);
  });

  it('validates every point before running and names the bad value; limits the grid', async () => {
    const cases: [string[], RegExp][] = [
      [['--set', `${INTERVAL}=1m,90s,5m`], /spec\.drPolicy\.schedulingInterval: got "90s"/],
      [['--set', `${BANDWIDTH}=1Gbps,lots`], /spec\.links\[0\]\.bandwidth: got "lots"/],
      [['--set', 'spec.drPolicy.cadence=1m,2m'], /spec\.drPolicy has no field "cadence"/],
      [
        ['--set', `spec.seed=${range(11)}`, '--set', `spec.objectives.percentile=${range(10)}`, '--set', `spec.horizon=${range(10, 'h')}`],
        /1100 points \(11 x 10 x 10\), more than the 1000 a sweep accepts/,
      ],
      [['--set', 'spec.seed=1,2', '--seed', '3'], /--seed fixes spec\.seed, which is also swept/],
      [[], /required option '--set/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => drsim(['sweep', SMALL, '--runs', '2', ...args])));
    outcomes.forEach((outcome, index) => {
      expect(outcome.code, cases[index][0].join(' ')).toBe(2);
      expect(outcome.stderr).toMatch(cases[index][1]);
      expect(outcome.stderr).not.toMatch(STACK_FRAME);
      expect(outcome.stdout).toBe('');
    });
  });
});

function range(count: number, unit = ''): string {
  return Array.from({ length: count }, (_, index) => `${index + 1}${unit}`).join(',');
}

describe('drsim size', () => {
  it('finds the longest interval meeting the objectives, as a brute-force sweep does', async () => {
    const common = ['--runs', '100'];
    const minutes = Array.from({ length: 9 }, (_, index) => index + 5);
    const [sized, swept] = await Promise.all([
      drsim(['size', MONOTONE, '--for', 'interval', '--min', '5m', '--max', '13m', ...common, '--json']),
      drsim(['sweep', MONOTONE, '--set', `${INTERVAL}=${minutes.map((minute) => `${minute}m`).join(',')}`, ...common, '--json']),
    ]);
    expect(sized.code).toBe(0);
    const sizing = SizingResultSchema.parse(JSON.parse(sized.stdout));
    const sweep = SweepResultSchema.parse(JSON.parse(swept.stdout));
    const met = sweep.rows.map((row) => row.result.objectives!.every((objective) => objective.met));
    // The premise of bisection (INV-13), on this scenario and seed: met up to some interval, breached after.
    const firstBreach = met.indexOf(false);
    expect(firstBreach).toBeGreaterThan(0);
    expect(met.slice(firstBreach).every((value) => !value)).toBe(true);
    const answer = minutes[firstBreach - 1];
    expect(sizing.answer).toBe(answer * 60_000);
    expect(sizing.answerText).toBe(`${answer}m`);
    // Every point tried is the sweep's row for that interval, figure for figure.
    for (const point of sizing.tried) {
      const row = sweep.rows[minutes.indexOf(point.value / 60_000)];
      expect(point.objectives).toEqual(row.result.objectives);
      expect(point.traceDigest).toBe(row.result.traceDigest);
    }
    expect(sizing.tried.length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(minutes.length - 1)));
  });

  it('prints every point tried and the answer', async () => {
    const outcome = await drsim(['size', MONOTONE, '--for', 'bandwidth', '--min', '1Mbps', '--max', '1Gbps', '--runs', '20']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/size spec\.links\[0\]\.bandwidth of sizing-monotone: the least bandwidth/);
    expect(outcome.stdout).toMatch(/geometric grid 1 Mbps \.\. 1 Gbps, steps of 2%/);
    expect(outcome.stdout).toMatch(/#\s+bandwidth\s+RPO p90 \(target 9m\)\s+met/);
    expect(outcome.stdout).toMatch(/^\s+1\s+1 Gbps\s.*\byes$/m);
    expect(outcome.stdout).toMatch(/^\s+2\s+1 Mbps\s.*\bno$/m);
    expect(outcome.stdout).toMatch(/^Answer: \S+ Mbps \(\d+kbps\) is the least bandwidth meeting every objective, within 2%; \S+ Mbps breaches$/m);
  });

  it('sizes a Metro-DR link for twice the writes, the throttling candidates marked', async () => {
    // The bundled metro-vms-site-loss writes 44.39 MiB/s: stretch mode sends
    // 2 x 44.39 MiB/s = 744.8 Mbps over the link. Every candidate meets the
    // RPO and RTO; those below 744.8 Mbps throttle the writes.
    const outcome = await drsim(['size', 'metro-vms-site-loss', '--for', 'bandwidth', '--runs', '4']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^\s+2\s+10 Mbps\s.*\bno \(writes throttled\)$/m);
    expect(outcome.stdout).toMatch(/^Answer: 750 Mbps \(749614kbps\) is the least bandwidth meeting every objective, within 2%; 735 Mbps throttles the writes$/m);
  });

  it('exits 1 when even the best candidate breaches an objective', async () => {
    const outcome = await drsim(['size', SMALL, '--for', 'interval', '--runs', '10', '--set', 'spec.objectives.rpo=20s', '--json']);
    expect(outcome.code).toBe(1);
    const sizing = SizingResultSchema.parse(JSON.parse(outcome.stdout));
    expect(sizing.answer).toBeNull();
    expect(sizing.tried).toHaveLength(1);
    expect(sizing.tried[0]).toMatchObject({ value: 60_000, met: false });
  });

  it('refuses what it cannot size with exit 2 and a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--for', 'interval', '--set', 'spec.objectives={}'], /spec\.objectives: sizing needs objectives/],
      [['--for', 'latency'], /argument 'latency' is invalid/],
      [[], /required option '--for <field>' not specified/],
      [['--for', 'interval', '--min', '30m', '--max', '10m'], /no whole minute between/],
      [['--for', 'interval', '--max', 'soon'], /--max: cannot read "soon"/],
      [['--for', 'bandwidth', '--precision', '200%'], /--precision: expected a fraction/],
      [['--for', 'interval', '--set', `${INTERVAL}=""`], /Metro-DR/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => drsim(['size', SMALL, '--runs', '2', ...args])));
    outcomes.forEach((outcome, index) => {
      expect(outcome.code, cases[index][0].join(' ')).toBe(2);
      expect(outcome.stderr).toMatch(cases[index][1]);
      expect(outcome.stderr).not.toMatch(STACK_FRAME);
    });
  });
});
