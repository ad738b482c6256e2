/**
 * Work answered within the request (admitted at the door, see admission.ts):
 * each stopped after `requestTimeoutMs` or when its client goes away, all of
 * them bounded by the grace period when the server shuts down. The work
 * itself runs on the worker pool, so the event loop stays free meanwhile.
 */
import type { FastifyReply } from 'fastify';
import type { ApiConfig } from './config.js';
import { ApiError, busy } from './errors.js';
import { expectedFailure } from './work/failure.js';
import type { Work } from './work/types.js';

type StopReason = 'time limit' | 'client gone' | 'shutdown';

class Stop extends Error {
  constructor(readonly why: StopReason) {
    super(`stopped: ${why}`);
  }
}

export class SyncRunner {
  private readonly inFlight = new Map<AbortController, Promise<unknown>>();
  private closing = false;

  constructor(private readonly config: ApiConfig) {}

  get active(): number {
    return this.inFlight.size;
  }

  async run<Output>(work: Work<Output>, reply: FastifyReply): Promise<Output> {
    const { config } = this;
    if (this.closing) throw busy(503, 'the server is shutting down', config.retryAfterSeconds);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Stop('time limit')), config.requestTimeoutMs);
    // The response closes before it is written only when the client has gone: stop simulating for nobody.
    const onClose = () => {
      if (!reply.raw.writableFinished) controller.abort(new Stop('client gone'));
    };
    reply.raw.once('close', onClose);
    const running = work.run({ signal: controller.signal, onProgress: () => undefined });
    this.inFlight.set(controller, running);
    try {
      return await running;
    } catch (error) {
      throw this.explain(error, controller.signal);
    } finally {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
      this.inFlight.delete(controller);
    }
  }

  /**
   * Refuses new work, lets what runs finish for up to `graceMs`, then stops
   * the rest (their clients get a 503).
   */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const everything = Promise.allSettled([...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const outcome = await Promise.race([everything, graceOver]);
    clearTimeout(timer);
    if (outcome === 'late') {
      for (const controller of this.inFlight.keys()) controller.abort(new Stop('shutdown'));
      await everything;
    }
  }

  private explain(error: unknown, signal: AbortSignal): unknown {
    const { config } = this;
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof Stop && reason.why === 'time limit') {
      return new ApiError(
        503,
        'time limit exceeded',
        `the simulation took longer than this server's ${config.requestTimeoutMs} ms limit per request; send "async": true to run it as a job`,
        { limit: { name: 'requestTimeoutMs', maximum: config.requestTimeoutMs } },
        { 'retry-after': String(config.retryAfterSeconds) },
      );
    }
    if (reason instanceof Stop && reason.why === 'shutdown') return busy(503, 'the server shut down before the simulation finished', config.retryAfterSeconds);
    return expectedFailure(error, config) ?? error;
  }
}
