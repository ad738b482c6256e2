/**
 * Inputs that would make the CLI read forever or spawn without bound: a
 * scenario or manifest "file" that is a device or a FIFO fed without end is
 * refused once it passes the size limit; --workers beyond the cores is
 * lowered to them with a warning (hundreds of threads abort V8); serve's
 * retention flags refuse values that would keep nothing or never expire.
 */
import { spawn, execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES } from '../../src/scenarios/limits.js';
import { drsim, scratchDirectory, STACK_FRAME } from './drsim.js';

function endlessFifo(): { path: string; stop: () => void } {
  const path = join(scratchDirectory(), 'endless.yaml');
  execFileSync('mkfifo', [path]);
  // A writer that never ends: `yes` writes "a: b" lines until killed.
  const writer = spawn('sh', ['-c', `exec yes 'a: b' > '${path}'`], { stdio: 'ignore' });
  return { path, stop: () => writer.kill('SIGKILL') };
}

describe('inputs without a size', () => {
  it('validate refuses /dev/zero once past the size limit, exit 2', async () => {
    const outcome = await drsim(['validate', '/dev/zero']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`more than ${MAX_SCENARIO_BYTES} bytes`);
    expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });

  it('run refuses a FIFO that is written without end, exit 2', async () => {
    const fifo = endlessFifo();
    try {
      const outcome = await drsim(['run', fifo.path]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain(`more than ${MAX_SCENARIO_BYTES} bytes`);
    } finally {
      fifo.stop();
    }
  });

  it('import refuses a manifest FIFO written without end, exit 2', async () => {
    const fifo = endlessFifo();
    try {
      const outcome = await drsim(['import', fifo.path]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toMatch(/a manifest file may have at most \d+ bytes/);
    } finally {
      fifo.stop();
    }
  });

  it('a directory given as a scenario is named as such', async () => {
    const outcome = await drsim(['validate', scratchDirectory()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('it is a directory, expected a scenario file');
  });
});

describe('--workers', () => {
  it('beyond the cores is lowered to them with a warning, and the run completes', async () => {
    const cores = availableParallelism();
    const outcome = await drsim(['run', 'regional-5m-vms', '--runs', '4', '--workers', '256', '--json']);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain(`--workers 256 is more than this machine's ${cores} cores; using ${cores}`);
    expect(JSON.parse(outcome.stdout).runs).toBe(4);
  });
});

describe('serve retention flags', () => {
  it.each([
    [['--retain-jobs', '0'], /--retain-jobs.*expected a whole number from 1/],
    [['--retain-bytes', 'lots'], /--retain-bytes.*expected a size such as 4Gi or 512Mi/],
    [['--retain-age', '0s'], /--retain-age.*expected a duration above 0, got 0s/],
    [['--retain-age', 'a week'], /--retain-age.*expected a duration such as/],
  ])('serve %j is refused with exit 2, naming the flag and what it expects', async (flags, message) => {
    const outcome = await drsim(['serve', '--port', '0', '--data-dir', scratchDirectory(), ...flags]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });
});
