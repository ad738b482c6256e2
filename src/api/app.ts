/**
 * The fastify application: zod compilers for requests and responses, the
 * error handler, CORS and auth hooks, the documentation, and one plugin per
 * area of routes. Listening and signals are server.ts's job, so tests can
 * drive the same app with inject().
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Admission } from './admission.js';
import type { ApiConfig } from './config.js';
import type { ApiContext } from './context.js';
import { ApiError } from './errors.js';
import { JobManager } from './jobs/manager.js';
import { JobStore, type JobStoreOptions } from './jobs/store.js';
import { installCors } from './plugins/cors.js';
import { registerDocs } from './plugins/docs.js';
import { installErrorHandling } from './plugins/error-handler.js';
import { healthRoutes } from './routes/health.js';
import { V1_PREFIX, v1Routes } from './routes/v1.js';
import { RequestsInFlight } from './requests-in-flight.js';
import { SyncRunner } from './sync-runner.js';
import { workPreparers } from './work/preparers.js';

export interface Api {
  app: FastifyInstance;
  context: ApiContext;
  requests: RequestsInFlight;
}

/** Builds the app and loads the job store (queued jobs start running); does not listen. */
export async function createApi(config: ApiConfig, storeOptions: JobStoreOptions = {}): Promise<Api> {
  const app = Fastify({
    logger: config.logger ? { level: 'info' } : false,
    bodyLimit: config.bodyLimitBytes,
    // Idle keep-alive connections are closed at shutdown; requests in flight are let finish.
    forceCloseConnections: 'idle',
    // Targets the router cannot read (bad percent-encoding) get the API's error shape, not fastify's.
    frameworkErrors: (error, _request, reply) => {
      const answer = new ApiError(400, 'bad request', error.message);
      void (reply as FastifyReply).code(400).type('application/json; charset=utf-8').send(JSON.stringify(answer.body()));
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const preparers = workPreparers(config);
  const jobs = new JobManager({ config, store: new JobStore(config.dataDir, storeOptions), preparers, log: app.log });
  const lifecycle = { shuttingDown: false };
  const context: ApiContext = { config, jobs, admission: new Admission(config, lifecycle), sync: new SyncRunner(config), preparers, lifecycle };

  const requests = new RequestsInFlight();
  requests.install(app);
  // Answers given while shutting down close their connection: a client's idle keep-alive socket would hold the server open.
  app.addHook('onSend', async (_request, reply) => {
    if (context.lifecycle.shuttingDown) reply.header('connection', 'close');
  });
  installErrorHandling(app, config.bodyLimitBytes);
  installCors(app, config.corsOrigin);
  await registerDocs(app, config.token !== undefined);
  await app.register(healthRoutes, { context });
  await app.register(v1Routes, { context, prefix: V1_PREFIX });

  await jobs.start();
  await app.ready();
  return { app, context, requests };
}

/**
 * Graceful stop: readiness turns 503, no new connections, synchronous
 * requests finish (stopped after the grace period), running jobs are
 * interrupted and left queued on disk to run again at the next start.
 */
export async function closeApi({ app, context, requests }: Api): Promise<void> {
  context.lifecycle.shuttingDown = true;
  const closing = app.close();
  const graceMs = context.config.shutdownGraceMs;
  await Promise.all([context.sync.close(graceMs), context.jobs.shutdown()]);
  // Requests that were still being read or validated, and the answers of stopped simulations, get sent too.
  await requests.settled(graceMs);
  // Every answer has been sent: connections still open are idle or stalled clients.
  app.server.closeAllConnections();
  await closing;
}
