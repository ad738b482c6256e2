/**
 * POST /v1/import: RamenDR manifests (multi-document YAML) to a scenario, as
 * `drsim import` does: the scenario as an object and as commented YAML, every
 * assumed value with its path and reason, warnings and notes. Pure parsing,
 * bounded by the body limit, so it is answered in the request.
 */
import { parseAllDocuments } from 'yaml';
import { documentValue, yamlNestingProblem } from '../../scenarios/index.js';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { describePath, ImportError, importManifests, renderImportYaml, type ImportResult } from '../../importer/index.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas/errors.js';

const MAX_SOURCES = 1000;

const ImportRequestSchema = z
  .strictObject({
    manifests: z
      .union([
        z.string().describe('Manifests as multi-document YAML'),
        z
          .array(z.strictObject({ name: z.string().max(1000).optional(), text: z.string() }))
          .max(MAX_SOURCES)
          .describe('Several manifest files, each named for the messages'),
      ])
      .describe('DRPolicy, DRCluster, DRPlacementControl, VolumeReplicationGroup, VolumeReplicationClass, PVCs, KubeVirt VMs and DataVolumes'),
  })
  .describe('RamenDR manifests to import');

const ImportResponseSchema = z
  .strictObject({
    scenario: z.record(z.string(), z.unknown()).describe('The scenario document; POST it as "scenario"'),
    yaml: z.string().describe('The same scenario as YAML, each assumed value commented'),
    assumptions: z.array(z.strictObject({ path: z.string(), note: z.string() })).describe('Values the manifests did not give'),
    warnings: z.array(z.string()),
    notes: z.array(z.string()).describe('Documents skipped as not DR-related'),
  })
  .describe('The imported scenario');

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/import',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Import RamenDR manifests as a scenario',
        body: ImportRequestSchema,
        response: { 200: ImportResponseSchema, ...errorResponses(400, 401, 413, 415, 422) },
      },
    },
    async (request) => {
      const { manifests } = request.body;
      const sources =
        typeof manifests === 'string'
          ? [{ name: 'manifests', text: manifests }]
          : manifests.map((source, index) => ({ name: source.name ?? `manifests[${index}]`, text: source.text }));
      const result = importOrExplain(sources);
      return {
        scenario: result.scenario,
        yaml: renderImportYaml(result),
        assumptions: result.assumptions.map((assumption) => ({ path: describePath(assumption.path), note: assumption.note })),
        warnings: result.warnings,
        notes: result.notes,
      };
    },
  );
};

type ManifestSources = Parameters<typeof importManifests>[0];

/**
 * YAML the parser reads but cannot turn into values (an alias to no anchor,
 * an alias bomb) makes the importer throw, and YAML nested too deep to
 * compose at all could bring the process down; such input is refused here
 * with the file and document it is in. Syntax errors are left to the
 * importer, which reports them as warnings and goes on with the other
 * documents.
 */
function refuseUnreadableYaml(sources: ManifestSources): void {
  for (const source of sources) {
    const tooDeep = yamlNestingProblem(source.text);
    if (tooDeep) {
      const message = `${source.name}: ${tooDeep.message}`;
      throw new ApiError(422, 'invalid manifests', message, { issues: [{ path: '', message }] });
    }
    const documents = parseAllDocuments(source.text);
    const textBytes = Buffer.byteLength(source.text, 'utf8');
    for (const [index, document] of (Array.isArray(documents) ? documents : []).entries()) {
      if (document.errors.length > 0) continue;
      const read = documentValue(document, textBytes);
      if (!read.ok) {
        const message = `${source.name}, document ${index + 1}: ${read.message}`;
        throw new ApiError(422, 'invalid manifests', message, { issues: [{ path: '', message }] });
      }
    }
  }
}

function importOrExplain(sources: ManifestSources): ImportResult {
  try {
    refuseUnreadableYaml(sources);
    return importManifests(sources);
  } catch (error) {
    if (error instanceof ImportError) {
      const issues = error.details.map((detail) => ({ path: '', message: detail }));
      throw new ApiError(422, 'nothing to import', error.message, { issues });
    }
    // The YAML parser recurses per nesting level: a pathological document overflows the stack.
    if (error instanceof RangeError) throw new ApiError(422, 'nothing to import', 'the manifests are nested too deeply to read');
    throw error;
  }
}
