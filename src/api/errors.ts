/**
 * Errors the API answers on purpose: each knows its status, its body and any
 * header (Retry-After). Anything else reaching the error handler is a bug in
 * drsim and becomes a generic 500.
 */
import { boundedIssues, boundedMessage } from './echo.js';
import type { ErrorResponse, Issue } from './schemas/errors.js';

export class ApiError extends Error {
  readonly details: Pick<ErrorResponse, 'issues' | 'limit'>;

  constructor(
    readonly statusCode: number,
    readonly kind: string,
    message: string,
    details: Pick<ErrorResponse, 'issues' | 'limit'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    // Whatever made the error, what it repeats of the request is bounded (echo.ts).
    super(boundedMessage(message));
    this.name = 'ApiError';
    this.details = details.issues ? { ...details, issues: boundedIssues(details.issues) } : details;
  }

  body(): ErrorResponse {
    return { statusCode: this.statusCode, error: this.kind, message: this.message, ...this.details };
  }
}

export function badRequest(message: string, issues?: Issue[]): ApiError {
  return new ApiError(400, 'bad request', message, issues ? { issues } : {});
}

export function invalidInput(message: string, issues: Issue[]): ApiError {
  return new ApiError(422, 'invalid input', message, { issues });
}

export function invalidScenario(issues: Issue[]): ApiError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new ApiError(422, 'invalid scenario', `the scenario has ${count}`, { issues });
}

/** 422 naming the limit, its maximum and what the request asked for. */
export function limitExceeded(name: string, maximum: number, value: number | undefined, message: string, path?: string): ApiError {
  const issues = path === undefined ? undefined : [{ path, message, value, expected: `at most ${maximum}` }];
  return new ApiError(422, 'limit exceeded', message, { limit: { name, maximum, value }, ...(issues ? { issues } : {}) });
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not found', message);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'conflict', message);
}

export function busy(statusCode: 429 | 503, message: string, retryAfterSeconds: number, limit?: { name: string; maximum: number }): ApiError {
  return new ApiError(statusCode, statusCode === 429 ? 'too many requests' : 'service unavailable', message, limit ? { limit } : {}, {
    'retry-after': String(retryAfterSeconds),
  });
}

/** 507 for work the data directory cannot take now (full, read-only): nothing was kept; retry once it has room. */
export function insufficientStorage(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(507, 'insufficient storage', message, {}, { 'retry-after': String(retryAfterSeconds) });
}
