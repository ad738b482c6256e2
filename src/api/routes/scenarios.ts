/** GET /v1/scenarios and /v1/scenarios/{name}: the bundled scenario library. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bundledScenarioNames, bundledScenarioPath } from '../../cli/paths.js';
import { notFound } from '../errors.js';
import { errorResponses } from '../schemas/errors.js';

const ScenarioLinksSchema = z.strictObject({ self: z.string() });

const ScenarioSummarySchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  links: ScenarioLinksSchema,
});

const ScenarioListSchema = z.strictObject({ scenarios: z.array(ScenarioSummarySchema) }).describe('The bundled scenarios');

const ScenarioDetailSchema = z
  .strictObject({
    name: z.string(),
    description: z.string(),
    text: z.string().describe('The scenario file as YAML, comments and all'),
    document: z.record(z.string(), z.unknown()).describe('The same scenario as a JSON object'),
    links: ScenarioLinksSchema,
  })
  .describe('A bundled scenario; send `document` or `text` as "scenario", or its name as "scenarioName"');

interface LibraryEntry {
  name: string;
  description: string;
  text: string;
  document: Record<string, unknown>;
}

function readEntry(name: string): LibraryEntry | undefined {
  const path = bundledScenarioNames().includes(name) ? bundledScenarioPath(name) : undefined;
  if (!path) return undefined;
  const text = readFileSync(path, 'utf8');
  const parsed: unknown = parseYaml(text);
  const document = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const metadata = document.metadata as { description?: unknown } | undefined;
  const description = typeof metadata?.description === 'string' ? metadata.description : '';
  return { name, description, text, document };
}

const link = (name: string) => ({ self: `/v1/scenarios/${encodeURIComponent(name)}` });

export const scenarioRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/scenarios',
    { schema: { tags: ['scenarios'], summary: 'List the bundled scenarios', response: { 200: ScenarioListSchema, ...errorResponses(401) } } },
    async () => ({
      scenarios: bundledScenarioNames()
        .map(readEntry)
        .filter((entry): entry is LibraryEntry => entry !== undefined)
        .map(({ name, description }) => ({ name, description, links: link(name) })),
    }),
  );
  app.get(
    '/scenarios/:name',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Get a bundled scenario',
        params: z.strictObject({ name: z.string() }),
        response: { 200: ScenarioDetailSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const entry = readEntry(request.params.name);
      if (!entry) throw notFound(`no bundled scenario is named ${JSON.stringify(request.params.name)}; GET /v1/scenarios lists them`);
      return { ...entry, links: link(entry.name) };
    },
  );
};
