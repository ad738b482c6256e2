/**
 * The requests between arrival and their answer being sent, so shutdown can
 * wait for every one of them (not only the simulations the sync runner holds:
 * a request still being parsed or validated is in flight too) before it
 * closes the connections that remain.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Calls `done` once, when the request is over: its answer written, or its
 * connection gone. fastify's onResponse and onRequestAbort hooks do not
 * cover every case: a client that leaves after sending its whole body,
 * while its simulation runs, fires neither (Node marks only requests whose
 * body was cut short as aborted), while the response's `close` always comes.
 */
export function onAnswered(reply: FastifyReply, done: () => void): void {
  reply.raw.once('close', done);
}

export class RequestsInFlight {
  private readonly requests = new Set<FastifyRequest>();
  private waiters: Array<() => void> = [];

  get active(): number {
    return this.requests.size;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      this.requests.add(request);
      onAnswered(reply, () => this.finish(request));
    });
  }

  /** Resolves once no request is in flight, or after `timeoutMs`, whichever comes first. */
  async settled(timeoutMs: number): Promise<void> {
    if (this.requests.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.waiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private finish(request: FastifyRequest): void {
    if (!this.requests.delete(request) || this.requests.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
