/**
 * Every error becomes the one error body. Input the schemas reject is a 400
 * when its shape is wrong (a string for a number, unknown fields, not JSON)
 * and a 422 when its value is (out of range, wrong format), each issue with
 * its path, the value sent and what was expected. Anything unexpected is a
 * logged 500 with a generic message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { formatPath } from '../../scenarios/index.js';
import { ApiError } from '../errors.js';
import type { Issue } from '../schemas/errors.js';
import { INTERNAL_ERROR } from '../work/failure.js';

/** zod issue codes that mean the request has the wrong shape rather than a wrong value. */
const SHAPE_CODES = new Set(['invalid_type', 'unrecognized_keys', 'invalid_union', 'invalid_key', 'invalid_element']);

interface ValidationEntry {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

export function installErrorHandling(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = toApiError(error, request, bodyLimitBytes);
    if (answer.statusCode >= 500 && !(error instanceof ApiError)) request.log.error({ err: error }, 'unexpected error');
    return reply.code(answer.statusCode).headers(answer.headers).send(answer.body());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(new ApiError(404, 'not found', `no endpoint ${request.method} ${request.url.split('?')[0]}`).body()),
  );
}

function toApiError(error: FastifyError, request: FastifyRequest, bodyLimitBytes: number): ApiError {
  if (error instanceof ApiError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return validationError(error.validation as unknown as ValidationEntry[], request, error.validationContext);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ApiError(413, 'payload too large', `the request body is larger than this server's ${bodyLimitBytes} byte limit`, {
      limit: { name: 'bodyBytes', maximum: bodyLimitBytes },
    });
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // fastify's own refusals: malformed JSON, empty body, unsupported media type, bad URL encoding.
    return new ApiError(status, status === 415 ? 'unsupported media type' : 'bad request', error.message);
  }
  return INTERNAL_ERROR;
}

function validationError(entries: ValidationEntry[], request: FastifyRequest, context: string | undefined): ApiError {
  const part = context ?? 'body';
  const source: unknown = part === 'body' ? request.body : part === 'params' ? request.params : part === 'querystring' ? request.query : undefined;
  const issues = entries.map((entry): Issue => {
    const segments = entry.instancePath
      .split('/')
      .slice(1)
      .filter((segment) => segment !== '')
      .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    const value = valueAt(source, segments);
    const expected = expectation(entry);
    return {
      path: formatPath(segments),
      message: entry.message,
      ...(value === undefined ? {} : { value }),
      ...(expected ? { expected } : {}),
    };
  });
  const shapeWrong = entries.some((entry) => SHAPE_CODES.has(entry.keyword));
  const where = part === 'body' ? 'request body' : `request ${part}`;
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return new ApiError(shapeWrong ? 400 : 422, shapeWrong ? 'bad request' : 'invalid input', `invalid ${where}: ${summary}`, { issues });
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  // Structures are not echoed back: they may be large, and the path says where the problem is.
  return node !== null && typeof node === 'object' ? undefined : node;
}

function expectation(entry: ValidationEntry): string | undefined {
  const { params } = entry;
  switch (entry.keyword) {
    case 'invalid_type':
      return typeof params.expected === 'string' ? `a value of type ${params.expected}` : undefined;
    case 'too_big':
      return `at most ${String(params.maximum)}`;
    case 'too_small':
      return `at least ${String(params.minimum)}`;
    case 'unrecognized_keys':
      return `no field named ${(params.keys as string[] | undefined)?.join(', ') ?? 'so'}`;
    case 'invalid_union':
      return 'YAML or JSON text, or a JSON object';
    case 'invalid_format':
      return typeof params.format === 'string' ? `a ${params.format}` : undefined;
    default:
      return undefined;
  }
}
