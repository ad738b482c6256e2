/**
 * The requests between arrival and their answer being sent, so shutdown can
 * wait for every one of them (not only the simulations the sync runner holds:
 * a request still being parsed or validated is in flight too) before it
 * closes the connections that remain.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export class RequestsInFlight {
  private readonly requests = new Set<FastifyRequest>();
  private waiters: Array<() => void> = [];

  get active(): number {
    return this.requests.size;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request) => {
      this.requests.add(request);
    });
    // onResponse runs once the answer is written; onRequestAbort when the client leaves first. Either may come alone, or both.
    const done = async (request: FastifyRequest) => this.finish(request);
    app.addHook('onResponse', done);
    app.addHook('onRequestAbort', done);
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
