/**
 * Why work failed, as the client is told: an ApiError as it is, the engine's
 * event and memory budgets as a 422 naming the limit, anything else as undefined (a bug:
 * the caller logs it and answers a generic 500).
 */
import type { ApiConfig } from '../config.js';
import { ApiError, limitExceeded } from '../errors.js';
import { isEventBudgetError } from '../../analysis/monte-carlo.js';
import { isMemoryBudgetError } from '../../analysis/memory-estimate.js';
import { humanBytes } from '../../format/units.js';

export function expectedFailure(error: unknown, config: ApiConfig): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isEventBudgetError(error)) {
    const detail = (error as Error).message.split('\n')[0];
    return limitExceeded(
      'eventsPerRun',
      config.maxEventsPerRun,
      undefined,
      `a run went over this server's budget of ${config.maxEventsPerRun} simulated events (${detail}); shorten the horizon or simplify the scenario`,
    );
  }
  if (isMemoryBudgetError(error)) {
    return limitExceeded(
      'memory',
      config.maxMemoryBytes,
      error.heldBytes,
      `the study grew to about ${humanBytes(error.heldBytes)} (its RPO density outgrew the estimate); this server allows ${humanBytes(config.maxMemoryBytes)} per request (fewer runs or a shorter horizon)`,
    );
  }
  return undefined;
}

export const INTERNAL_ERROR = new ApiError(500, 'internal error', 'the server failed unexpectedly; its log has the details');
