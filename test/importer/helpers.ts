/** Shared by the importer tests: the RamenDR samples, and importing inline manifests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importManifests, type ImportResult } from '../../src/importer/index.js';

/** Real RamenDR manifests kept as fixtures (test/fixtures/ramen-samples/README.md says where from). */
export const SAMPLES = fileURLToPath(new URL('../fixtures/ramen-samples/', import.meta.url));

export function yamlFilesBelow(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((entry) => {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) return yamlFilesBelow(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

/** Every directory that holds manifest files itself. */
export function manifestDirectories(): string[] {
  return [...new Set(yamlFilesBelow(SAMPLES).map((file) => file.slice(0, file.lastIndexOf('/'))))];
}

export function importFiles(files: readonly string[]): ImportResult {
  return importManifests(files.map((file) => ({ name: relative(SAMPLES, file), text: readFileSync(file, 'utf8') })));
}

export function importText(...texts: string[]): ImportResult {
  return importManifests(texts.map((text, index) => ({ name: `manifest-${index + 1}.yaml`, text })));
}

/** The scenario's spec, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function specOf(result: ImportResult): any {
  return result.scenario.spec;
}

export function assumedPaths(result: ImportResult): string[] {
  return result.assumptions.map((assumption) => assumption.path.join('.'));
}
