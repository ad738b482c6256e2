/** The scenario functions that touch the filesystem. */
import { stat } from 'node:fs/promises';
import { readTextAtMost } from './bounded-read.js';
import type { ScenarioIssue } from './issues.js';
import { MAX_SCENARIO_BYTES } from './limits.js';
import { loadScenario, type LoadOptions, type ScenarioLoadResult } from './load.js';

const tooLarge = (size: string) => ({
  ok: false as const,
  errors: [{ path: '', value: size, message: `the file is ${size}, expected at most ${MAX_SCENARIO_BYTES} bytes` }],
});

/**
 * A scenario file's text, refused when it is over the size limit: before it
 * is read when its size is known, and as soon as the limit is passed when it
 * is not (a pipe, a FIFO, /dev/zero, a file still growing), so no input is
 * read forever or held whole.
 */
export async function readScenarioFile(path: string): Promise<{ ok: true; text: string } | { ok: false; errors: ScenarioIssue[] }> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, errors: [{ path: '', message: `cannot read ${path}: it is a directory, expected a scenario file` }] };
    if (info.isFile() && info.size > MAX_SCENARIO_BYTES) return tooLarge(`${info.size} bytes`);
    const read = await readTextAtMost(path, MAX_SCENARIO_BYTES);
    return read === null ? tooLarge(`more than ${MAX_SCENARIO_BYTES} bytes`) : { ok: true, text: read };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `cannot read ${path}: ${reason}` }] };
  }
}

export async function loadScenarioFile(path: string, options: Omit<LoadOptions, 'filename'> = {}): Promise<ScenarioLoadResult> {
  const read = await readScenarioFile(path);
  if (!read.ok) return read;
  return loadScenario(read.text, { ...options, filename: path });
}
