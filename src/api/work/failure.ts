/**
 * Why work failed, as the client is told: an ApiError as it is, the engine's
 * event budget as a 422 naming the limit, anything else as undefined (a bug:
 * the caller logs it and answers a generic 500).
 */
import type { ApiConfig } from '../config.js';
import { ApiError, limitExceeded } from '../errors.js';

const EVENT_BUDGET_MESSAGE = /event budget exceeded/i;

/**
 * The engine throws EventBudgetExceeded (code EVENT_BUDGET_EXCEEDED) in a
 * worker thread; crossing the thread boundary keeps its message but not its
 * class or code, so the message is matched too.
 */
export function isEventBudgetError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const typed = error as { code?: unknown; message?: unknown };
  return typed.code === 'EVENT_BUDGET_EXCEEDED' || (typeof typed.message === 'string' && EVENT_BUDGET_MESSAGE.test(typed.message));
}

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
  return undefined;
}

export const INTERNAL_ERROR = new ApiError(500, 'internal error', 'the server failed unexpectedly; its log has the details');
