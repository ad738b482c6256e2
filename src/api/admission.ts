/**
 * Admission at the door for the work endpoints (simulations, sweeps,
 * sizing): at most `maxConcurrentRequests` of them are handled at once, and
 * the rest are turned away with 503 and Retry-After in the onRequest hook,
 * before their body is read, parsed or validated.
 *
 * Refusing late, once the scenario had been parsed and its cost estimated,
 * spent on every refused request most of the main thread's share of an
 * accepted one; past the limit the server then did little but refuse
 * (128 connections: 100% 503). Refusing here costs a few microseconds, so
 * the admitted requests keep the cores and throughput holds as load grows.
 *
 * The count covers a request from its arrival to its answer being sent (or
 * its client leaving): parsing and validation as well as a synchronous
 * simulation, and the preparation of work that becomes a job.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiConfig } from './config.js';
import { onAnswered } from './requests-in-flight.js';
import type { ErrorResponse } from './schemas/errors.js';

export class Admission {
  private count = 0;

  constructor(
    private readonly config: ApiConfig,
    private readonly lifecycle: { shuttingDown: boolean },
  ) {}

  /** Work requests being handled now. */
  get active(): number {
    return this.count;
  }

  /** The route hook: spread into each work route's options. */
  hooks() {
    return {
      onRequest: async (_request: FastifyRequest, reply: FastifyReply) => {
        const refusal = this.admit();
        if (!refusal) {
          this.count++;
          onAnswered(reply, () => this.count--);
          return;
        }
        // Sent as text: no Error (and its stack) built, no response schema run; the body is the API's error shape by its type.
        await reply
          .code(503)
          .header('retry-after', String(this.config.retryAfterSeconds))
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(refusal));
        return reply;
      },
    };
  }

  /** Why the next request cannot be taken now, if it cannot. */
  private admit(): ErrorResponse | undefined {
    const { config } = this;
    if (this.lifecycle.shuttingDown) return { statusCode: 503, error: 'service unavailable', message: 'the server is shutting down' };
    if (this.count >= config.maxConcurrentRequests) {
      return {
        statusCode: 503,
        error: 'service unavailable',
        message: `${this.count} simulation, sweep and sizing requests are being handled, the most this server takes at once; retry after the Retry-After delay`,
        limit: { name: 'concurrentRequests', maximum: config.maxConcurrentRequests },
      };
    }
    return undefined;
  }
}
