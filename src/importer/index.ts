/**
 * `drsim import`'s library: RamenDR manifests (multi-document YAML) to a
 * scenario, with the assumed values, warnings and notes; and its YAML
 * rendering with an `# assumed:` comment beside every assumed value.
 */
export { importManifests, ImportError, type ImportResult } from './import-manifests.js';
export { renderImportYaml } from './render.js';
export type { ManifestSource } from './parse-documents.js';
export { describePath, type Assumption } from './import-log.js';
export { ASSUMED } from './defaults.js';
