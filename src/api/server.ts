/**
 * `drsim serve`: the API on a listening socket, owning its data directory,
 * stopping gracefully on SIGTERM and SIGINT.
 */
import { closeWorkers } from '../analysis/monte-carlo.js';
import { closeApi, createApi, type Api } from './app.js';
import type { ApiConfig } from './config.js';
import { lockDataDir } from './jobs/data-dir-lock.js';

export interface RunningServer extends Api {
  /** `http://host:port` as bound (port 0 picks a free one). */
  url: string;
  /** Stops as closeApi does, then the worker pool and the data directory lock. Idempotent. */
  close(): Promise<void>;
  /** Resolves once close() has finished, whoever called it. */
  closed: Promise<void>;
}

export async function startServer(config: ApiConfig): Promise<RunningServer> {
  const lock = await lockDataDir(config.dataDir);
  let api: Api;
  try {
    // Without the lock (a read-only directory at start) nothing is written until it is taken.
    api = await createApi(config, { beforeWrite: () => lock.ensure() });
    await api.app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const address = api.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = () => {
    closing ??= (async () => {
      try {
        await closeApi(api);
        await closeWorkers();
      } finally {
        await lock.release();
        markClosed();
      }
    })();
    return closing;
  };
  return { ...api, url: `http://${host}:${port}`, close, closed };
}

/** Closes the server on the first SIGTERM or SIGINT; a second one exits at once. */
export function closeOnSignals(server: RunningServer): void {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals) => {
    server.app.log.info({ signal }, 'shutting down: finishing requests in flight, saving running jobs');
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    for (const again of signals) process.once(again, () => process.exit(130));
    void server.close();
  };
  for (const signal of signals) process.on(signal, onSignal);
}
