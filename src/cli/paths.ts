/** Where the bundled scenario library lives, relative to the installed package. */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root: two levels above dist/src/cli (or src/cli under the test runner). */
export function packageRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '..', '..', '..'), join(here, '..', '..')];
  return candidates.find((candidate) => existsSync(join(candidate, 'package.json'))) ?? candidates[0];
}

export function scenarioLibraryDir(): string {
  return join(packageRoot(), 'scenarios');
}

export function bundledScenarioNames(): string[] {
  const dir = scenarioLibraryDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => file.replace(/\.ya?ml$/, ''))
    .sort();
}

export function bundledScenarioPath(name: string): string | undefined {
  for (const extension of ['.yaml', '.yml']) {
    const path = join(scenarioLibraryDir(), name + extension);
    if (existsSync(path)) return path;
  }
  return undefined;
}
