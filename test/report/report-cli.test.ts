/**
 * The report options as a user meets them: `run --json --report --save`
 * keeps stdout for the Result alone and writes both files; `drsim report`
 * reads the bundle back, and refuses other JSON with exit 2 and no stack.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunBundleSchema } from '../../src/analysis/report-data.js';
import { ResultSchema } from '../../src/analysis/result-schema.js';
import { STACK_FRAME, drsim, scratchDirectory } from '../cli/drsim.js';

describe('drsim report and --report', () => {
  it('run --json prints only the Result; --report and --save write the page and the bundle', async () => {
    const directory = scratchDirectory();
    const page = join(directory, 'out', 'run.html');
    const bundle = join(directory, 'run.json');
    const outcome = await drsim(['run', 'regional-5m-vms', '--runs', '4', '--workers', '1', '--json', '--report', page, '--save', bundle]);
    expect(outcome.code).toBe(0);
    const result = ResultSchema.parse(JSON.parse(outcome.stdout));
    expect(outcome.stderr).toContain(`report: ${page}`);
    const saved = RunBundleSchema.parse(JSON.parse(readFileSync(bundle, 'utf8')));
    expect(saved.result).toEqual(result);
    expect(saved.reportData.samples.rtoSeconds.runs).toBe(4);
    expect(readFileSync(page, 'utf8').startsWith('<!doctype html>')).toBe(true);

    const redrawn = join(directory, 'again.html');
    const report = await drsim(['report', bundle, '-o', redrawn]);
    expect(report.code).toBe(0);
    expect(report.stdout).toBe('');
    expect(existsSync(redrawn)).toBe(true);
  });

  it('a bare Result is drawn too, and the command says which charts it cannot draw', async () => {
    const directory = scratchDirectory();
    const run = await drsim(['run', 'regional-5m-vms', '--runs', '2', '--workers', '1', '--json']);
    const input = join(directory, 'result.json');
    writeFileSync(input, run.stdout);
    const report = await drsim(['report', input]);
    expect(report.code).toBe(0);
    expect(report.stderr).toContain('a bare result has no run data');
    expect(existsSync(join(directory, 'result.html'))).toBe(true);
  });

  it('refuses JSON that is no drsim output: exit 2, what was expected, no stack trace', async () => {
    const input = join(scratchDirectory(), 'other.json');
    writeFileSync(input, '{"drsimVersion": "0.1.0", "summary": {"rpoSeconds": 3}}');
    const outcome = await drsim(['report', input, '-o', join(scratchDirectory(), 'x.html')]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('not a valid result');
    expect(outcome.stderr).toContain('summary.rpoSeconds');
    expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });
});
