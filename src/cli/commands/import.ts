/**
 * `drsim import FILE|DIR...`: RamenDR manifests to a scenario on stdout, each
 * assumed value commented in place; warnings (stale or unknown fields) and
 * notes (documents skipped) go to stderr. Input with nothing to import exits 2.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { readTextAtMost } from '../../scenarios/bounded-read.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describePath, ImportError, importManifests, renderImportYaml, type ImportResult, type ManifestSource } from '../../importer/index.js';
import { UsageError } from '../errors.js';

/** Largest manifest file read (bytes); a guard against pointing the importer at the wrong tree. */
const MAX_MANIFEST_FILE_BYTES = 4 * 1024 * 1024;
const MANIFEST_FILE = /\.ya?ml$/i;

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'turn RamenDR manifests (DRPolicy, DRCluster, DRPlacementControl, VolumeReplicationGroup, VolumeReplicationClass, PVCs, KubeVirt VMs and DataVolumes) into a scenario on stdout, with every assumed value commented',
    )
    .argument('<path...>', 'manifest files (multi-document YAML), or directories whose *.yaml and *.yml files are all read')
    .option('--json', 'print {"scenario", "assumptions", "warnings", "notes"} as JSON instead of YAML')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const sources: ManifestSource[] = [];
      for (const path of paths) sources.push(...(await readManifests(path)));
      let result: ImportResult;
      try {
        result = importManifests(sources);
      } catch (error) {
        if (error instanceof ImportError) throw new UsageError(error.message, error.details);
        throw error;
      }
      if (options.json) {
        const assumptions = result.assumptions.map((assumption) => ({ path: describePath(assumption.path), note: assumption.note }));
        const { scenario, warnings, notes } = result;
        process.stdout.write(`${JSON.stringify({ scenario, assumptions, warnings, notes }, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderImportYaml(result));
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    });
}

/** A file, or every *.yaml / *.yml below a directory (hidden directories skipped), in a stable order. */
async function readManifests(path: string): Promise<ManifestSource[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file or directory' : (error.code ?? error.message)}`);
  });
  if (!info.isDirectory()) return [await readManifestFile(path)];
  const files = await manifestFilesBelow(path);
  if (files.length === 0) throw new UsageError(`no *.yaml or *.yml files under ${path}`);
  return Promise.all(files.map(readManifestFile));
}

async function manifestFilesBelow(directory: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) files.push(...(await manifestFilesBelow(path)));
    else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

async function readManifestFile(path: string): Promise<ManifestSource> {
  const info = await stat(path);
  const tooLarge = (size: string) => new UsageError(`${path}: ${size}; a manifest file may have at most ${MAX_MANIFEST_FILE_BYTES} bytes`);
  if (info.isFile() && info.size > MAX_MANIFEST_FILE_BYTES) throw tooLarge(`${info.size} bytes`);
  // Pipes and devices say size 0: the read itself stops past the limit.
  const text = await readTextAtMost(path, MAX_MANIFEST_FILE_BYTES).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  if (text === null) throw tooLarge(`more than ${MAX_MANIFEST_FILE_BYTES} bytes`);
  return { name: path, text };
}
