/** `drsim run` as a user runs it: reports, the result contract, exit codes, determinism (INV-12). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultSchema } from '../../src/analysis/result-schema.js';
import { REPOSITORY, STACK_FRAME, drsim, fixture, scratchDirectory, writeScenario } from './drsim.js';
import { MAX_SCENARIO_BYTES } from '../../src/scenarios/index.js';

const SMALL = fixture('small-regional.yaml');

describe('drsim run', () => {
  it('prints a human report with the figures, objectives and invariants', async () => {
    const outcome = await drsim(['run', SMALL, '--runs', '20']);
    expect(outcome.code).toBe(0);
    const report = outcome.stdout;
    expect(report).toMatch(/^small-regional: One VM and one volume/);
    expect(report).toMatch(/seed 7, 20 runs/);
    expect(report).toMatch(/trace digest [0-9a-f]+/);
    for (const row of ['RPO', 'RTO', 'data loss', 'kube objects lost', 'unprotected']) expect(report).toMatch(new RegExp(`^  ${row} `, 'm'));
    expect(report).toMatch(/mean\s+p50\s+p95\s+p99\s+max/);
    expect(report).toMatch(/RTO breakdown by step \(mean\)[\s\S]*detection[\s\S]*^  shop /m);
    expect(report).toMatch(/^RPO over time: mean \S+/m);
    expect(report).toMatch(/^Split-brain: none$/m);
    expect(report).toMatch(/RPO p95 .* <= target 15m: met/);
    expect(report).toMatch(/^Invariant violations: none$/m);
    // Human units, not raw seconds or bytes.
    expect(report).toMatch(/\d+(\.\d+)? (MiB|GiB)/);
    expect(report).toMatch(/\d+m \d+s/);
    expect(outcome.stderr).toBe('');
  });

  it('--json prints the result contract and nothing else', async () => {
    const outcome = await drsim(['run', SMALL, '--runs', '20', '--json']);
    expect(outcome.code).toBe(0);
    const result = ResultSchema.parse(JSON.parse(outcome.stdout));
    expect(result).toMatchObject({ scenario: 'small-regional', seed: 7, runs: 20 });
    expect(result.objectives?.map((objective) => objective.met)).toEqual([true, true]);
    expect(outcome.stderr).toBe('');
  });

  it('gives byte-identical JSON for the same seed, and whatever the number of workers (INV-12)', async () => {
    const args = ['run', SMALL, '--runs', '24', '--seed', '11', '--json'];
    const [first, again, oneWorker, twoWorkers] = await Promise.all([
      drsim(args),
      drsim(args),
      drsim([...args, '--workers', '1']),
      drsim([...args, '--workers', '2']),
    ]);
    expect(first.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(oneWorker.stdout).toBe(first.stdout);
    expect(twoWorkers.stdout).toBe(first.stdout);
    const other = await drsim(['run', SMALL, '--runs', '24', '--seed', '12', '--json']);
    expect(JSON.parse(other.stdout).traceDigest).not.toBe(JSON.parse(first.stdout).traceDigest);
  });

  it('applies --set overrides, and exits 1 when an objective is breached', async () => {
    const outcome = await drsim(['run', SMALL, '--runs', '20', '--set', 'spec.objectives.rpo=1s']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/RPO p95 .* > target 1s: BREACHED/);
    const json = await drsim(['run', SMALL, '--runs', '20', '--set', 'spec.objectives.rpo=1s', '--json']);
    expect(json.code).toBe(1);
    const rpo = ResultSchema.parse(JSON.parse(json.stdout)).objectives?.find((objective) => objective.metric === 'rpo');
    expect(rpo).toMatchObject({ targetSeconds: 1, met: false });
  });

  it('runs a bundled scenario by name, and lists the bundled scenarios', async () => {
    const run = await drsim(['run', 'regional-5m-vms', '--runs', '10', '--json']);
    expect(run.code).toBe(0);
    expect(ResultSchema.parse(JSON.parse(run.stdout)).scenario).toBe('regional-5m-vms');
    const list = await drsim(['run', '--list']);
    expect(list.code).toBe(0);
    const bundled = readdirSync(join(REPOSITORY, 'scenarios')).filter((file) => file.endsWith('.yaml'));
    expect(bundled.length).toBeGreaterThan(0);
    for (const file of bundled) expect(list.stdout).toMatch(new RegExp(`^${file.replace('.yaml', '')}\\s+\\S`, 'm'));
  });

  it('refuses a scenario file over the size limit, naming the limit, before reading it', async () => {
    const path = writeScenario(scratchDirectory(), 'huge.yaml', `# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`);
    const outcome = await drsim(['run', path]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(new RegExp(`expected at most ${MAX_SCENARIO_BYTES} bytes`));
    expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses bad usage with exit 2 and no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['run'], /needs a scenario/],
      [['run', 'no-such-scenario'], /scenario not found: no-such-scenario/],
      [['run', SMALL, '--runs', '0'], /--runs/],
      [['run', SMALL, '--workers', 'two'], /--workers/],
      [['run', SMALL, '--frobnicate'], /unknown option '--frobnicate'/],
      [['run', SMALL, '--set', 'spec.drPolicy.schedulingInterval'], /--set expects PATH=VALUE/],
      [['run', SMALL, '--set', 'spec.drPolicy.interval=5m'], /spec\.drPolicy has no field "interval"/],
      [['run', SMALL, '--set', 'spec.links[0].bandwidth=fast'], /spec\.links\[0\]\.bandwidth: got "fast"/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => drsim(args)));
    outcomes.forEach((outcome, index) => {
      const [args, message] = cases[index];
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toMatch(message);
      expect(outcome.stderr).not.toMatch(STACK_FRAME);
      expect(outcome.stdout).toBe('');
    });
  });

  it('stops a run that exceeds --max-events with exit 2 and a hint, in the calling thread or a worker', async () => {
    const outcomes = await Promise.all(
      ['1', '2'].map((workers) => drsim(['run', SMALL, '--runs', '2', '--workers', workers, '--max-events', '50'])),
    );
    for (const outcome of outcomes) {
      expect({ code: outcome.code, signal: outcome.signal, stderr: outcome.stderr }).toMatchObject({ code: 2, signal: null });
      expect(outcome.stderr).toMatch(/event budget exceeded: more than 50 events.*--max-events/);
      expect(outcome.stderr).not.toMatch(STACK_FRAME);
    }
  });
});
