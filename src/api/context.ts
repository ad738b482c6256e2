/**
 * What the route plugins share: the settings, the job manager, admission at
 * the door of the work endpoints, the runner of synchronous work, and the one decision every work endpoint makes: answer
 * now (200) or accept a job (202).
 */
import type { FastifyReply } from 'fastify';
import type { Admission } from './admission.js';
import type { ApiConfig } from './config.js';
import type { JobManager } from './jobs/manager.js';
import { jobAccepted } from './schemas/jobs.js';
import type { SyncRunner } from './sync-runner.js';
import type { JobKind, Work, WorkPreparer } from './work/types.js';

export interface ApiContext {
  config: ApiConfig;
  jobs: JobManager;
  admission: Admission;
  sync: SyncRunner;
  preparers: Record<JobKind, WorkPreparer>;
  /** Set when shutdown begins: /readyz answers 503 from then on. */
  lifecycle: { shuttingDown: boolean };
}

/**
 * Work over the synchronous budget, or asked for with `"async": true`, is
 * accepted as a job (202 and a Location header); the rest is answered now.
 */
export async function answerWork<Output>(context: ApiContext, work: Work<Output>, async: boolean | undefined, reply: FastifyReply) {
  if (async || work.estimatedEvents > context.config.syncEventBudget) {
    const job = await context.jobs.submit(work);
    const accepted = jobAccepted(job);
    return reply.code(202).header('location', accepted.links.self).send(accepted);
  }
  const output = await context.sync.run(work, reply);
  return reply.code(200).send(output);
}
