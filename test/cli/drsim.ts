/**
 * Runs the built `drsim` as a user would (node dist/src/cli/main.js), with
 * stdout and stderr captured: neither is a terminal, so no progress bars.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(REPOSITORY, 'dist', 'src', 'cli', 'main.js');

export interface Outcome {
  code: number | null;
  /** The signal that ended the process, if one did (code is then null). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function drsim(args: readonly string[]): Promise<Outcome> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: REPOSITORY, env: { ...process.env, DRSIM_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A directory for scenario files a test writes. */
export function scratchDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'drsim-cli-'));
}

export function writeScenario(directory: string, name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

/** A stack trace line as node prints it: never shown to users for bad input. */
export const STACK_FRAME = /^\s+at /m;
