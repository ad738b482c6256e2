/** Sweep grids: shape, validation of every point before any run, and common random numbers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runStudy } from '../../src/analysis/monte-carlo.js';
import {
  MAX_SWEEP_POINTS,
  SweepResultSchema,
  gridPoints,
  gridSize,
  prepareSweep,
  runSweep,
  sweepAxesIssues,
  type SweepAxis,
} from '../../src/analysis/sweep.js';

const RAW: unknown = parse(readFileSync(fileURLToPath(new URL('../cli/fixtures/small-regional.yaml', import.meta.url)), 'utf8'));
const INTERVAL = 'spec.drPolicy.schedulingInterval';
const BANDWIDTH = 'spec.links[0].bandwidth';

describe('grid', () => {
  it('is every combination, the first axis varying slowest', () => {
    const axes: SweepAxis[] = [
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y', 'z'] },
    ];
    expect(gridSize(axes)).toBe(6);
    expect(gridPoints(axes)).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ]);
  });

  it('refuses no axis, an axis twice, an axis without values, and more than the point limit', () => {
    expect(sweepAxesIssues([]).map((issue) => issue.message)).toEqual(['a sweep needs at least one field and its values']);
    expect(sweepAxesIssues([{ path: 'a', values: [1] }, { path: 'a', values: [2] }])[0]).toMatchObject({ path: 'a', message: expect.stringMatching(/swept twice/) });
    expect(sweepAxesIssues([{ path: 'a', values: [] }])[0]).toMatchObject({ path: 'a', message: 'has no values to sweep' });
    const values = (count: number) => Array.from({ length: count }, (_, index) => index);
    expect(sweepAxesIssues([{ path: 'a', values: values(MAX_SWEEP_POINTS) }])).toEqual([]);
    const tooLarge = sweepAxesIssues([{ path: 'a', values: values(MAX_SWEEP_POINTS) }, { path: 'b', values: values(2) }]);
    expect(tooLarge[0].message).toMatch(/2000 points \(1000 x 2\), more than the 1000 a sweep accepts/);
  });
});

describe('prepareSweep', () => {
  it('validates every point and applies its values, units parsed', () => {
    const prepared = prepareSweep(RAW, [
      { path: INTERVAL, values: ['1m', '15m'] },
      { path: BANDWIDTH, values: ['100Mbps', '1Gbps'] },
    ]);
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
    const settings = prepared.sweep.points.map((point) => [point.scenario.spec.drPolicy.schedulingInterval, point.scenario.spec.links[0].bandwidth]);
    expect(settings).toEqual([
      [60_000, 12.5e6],
      [60_000, 125e6],
      [900_000, 12.5e6],
      [900_000, 125e6],
    ]);
  });

  it('reports a bad value once, naming the path and the value, even when many points hold it', () => {
    const prepared = prepareSweep(RAW, [
      { path: INTERVAL, values: ['1m', '90s'] },
      { path: BANDWIDTH, values: ['100Mbps', '1Gbps', '10Gbps'] },
    ]);
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.issues).toHaveLength(1);
    expect(prepared.issues[0]).toMatchObject({ path: INTERVAL, value: '90s', point: { [INTERVAL]: '90s', [BANDWIDTH]: '100Mbps' } });
  });

  it('reports a problem of a combination with the point it occurs at', () => {
    // A 1h horizon is fine alone, but the fixture's disaster comes 6 to 20 hours in.
    const prepared = prepareSweep(RAW, [{ path: 'spec.horizon', values: ['1d', '1h'] }]);
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.issues[0]).toMatchObject({ path: 'spec.disasters[0].at', point: { 'spec.horizon': '1h' } });
  });
});

describe('runSweep', () => {
  it('gives each point the study runStudy gives its scenario, with the same seed everywhere', async () => {
    const prepared = prepareSweep(RAW, [{ path: INTERVAL, values: ['2m', '10m'] }]);
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
    const progress: [number, number, number][] = [];
    const sweep = await runSweep(prepared.sweep, { runs: 6, seed: 5, workers: 1, onProgress: (...report) => progress.push(report) });
    expect(SweepResultSchema.parse(sweep)).toEqual(sweep);
    expect(sweep.rows.map((row) => row.values)).toEqual([{ [INTERVAL]: '2m' }, { [INTERVAL]: '10m' }]);
    for (const [index, row] of sweep.rows.entries()) {
      const study = await runStudy(prepared.sweep.points[index].scenario, { runs: 6, seed: 5, workers: 1 });
      expect(row.result).toEqual(study.result);
      expect(row.result.seed).toBe(5);
    }
    expect(progress.at(-1)).toEqual([12, 12, 1]);
    expect(progress.map(([completed]) => completed)).toEqual([...progress.map(([completed]) => completed)].sort((a, b) => a - b));
  });

  it('has a schema that wants one row per combination', () => {
    const axes = [{ path: INTERVAL, values: ['1m', '2m'] }];
    expect(SweepResultSchema.safeParse({ axes, rows: [] }).success).toBe(false);
  });
});
