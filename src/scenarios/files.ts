/** The one scenario function that touches the filesystem. */
import { readFile, stat } from 'node:fs/promises';
import { MAX_SCENARIO_BYTES } from './limits.js';
import { loadScenario, type LoadOptions, type ScenarioLoadResult } from './load.js';

export async function loadScenarioFile(path: string, options: Omit<LoadOptions, 'filename'> = {}): Promise<ScenarioLoadResult> {
  let text: string;
  try {
    // Refuse before reading a huge file into memory.
    const { size } = await stat(path);
    if (size > MAX_SCENARIO_BYTES) {
      return {
        ok: false,
        errors: [{ path: '', value: `${size} bytes`, message: `the file is ${size} bytes, expected at most ${MAX_SCENARIO_BYTES} bytes` }],
      };
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `cannot read ${path}: ${reason}` }] };
  }
  return loadScenario(text, { ...options, filename: path });
}
