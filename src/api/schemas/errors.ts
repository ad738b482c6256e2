/** The one error body every endpoint answers with, 4xx and 5xx alike. */
import { z } from 'zod';

export const IssueSchema = z
  .object({
    path: z.string().describe('Where the problem is: `spec.links[0].bandwidth`, `runs`, or "" for the document itself'),
    message: z.string(),
    value: z
      .unknown()
      .optional()
      .describe('The value found at the path (absent when the field is missing); over 200 characters of JSON, a preview ending in "…"'),
    valueBytes: z.int().optional().describe('Present when `value` is a preview: the size of the whole value as JSON, in bytes'),
    expected: z.string().optional(),
    line: z.int().optional().describe('1-based line in scenario text (YAML or JSON strings only)'),
    column: z.int().optional(),
    point: z.record(z.string(), z.unknown()).optional().describe('Sweeps: the grid point (field path to value) the problem shows at'),
  })
  .describe('One problem with the input');
export type Issue = z.infer<typeof IssueSchema>;

export const LimitSchema = z
  .object({
    name: z.string().describe('The limit: runs, horizon, eventsPerRun, eventsPerRequest, bodyBytes, ...'),
    maximum: z.number(),
    value: z.number().optional().describe('What the request asked for or was estimated to need'),
  })
  .describe('The server limit a request went over');

export const ErrorResponseSchema = z
  .object({
    statusCode: z.int(),
    error: z.string().describe('Short kind of error, e.g. "invalid scenario", "limit exceeded"'),
    message: z.string(),
    issues: z.array(IssueSchema).optional(),
    limit: LimitSchema.optional(),
  })
  .describe('An error');
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** The error statuses an endpoint may answer, for its response schema. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorResponseSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponseSchema]));
}
