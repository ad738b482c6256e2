/** The scenario functions that touch the filesystem. */
import { readFile, stat } from 'node:fs/promises';
import type { ScenarioIssue } from './issues.js';
import { MAX_SCENARIO_BYTES } from './limits.js';
import { loadScenario, type LoadOptions, type ScenarioLoadResult } from './load.js';

/** A scenario file's text, refused before it is read when it is over the size limit. */
export async function readScenarioFile(path: string): Promise<{ ok: true; text: string } | { ok: false; errors: ScenarioIssue[] }> {
  try {
    // Refuse before reading a huge file into memory.
    const { size } = await stat(path);
    if (size > MAX_SCENARIO_BYTES) {
      return {
        ok: false,
        errors: [{ path: '', value: `${size} bytes`, message: `the file is ${size} bytes, expected at most ${MAX_SCENARIO_BYTES} bytes` }],
      };
    }
    return { ok: true, text: await readFile(path, 'utf8') };
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
