/**
 * Job retention benchmark (`npm run bench:jobs`): what finished jobs cost a
 * server, in its own process (run with --expose-gc so the figures are live
 * memory, not garbage).
 *
 * 1. Memory: a server with the default retention finishes `--jobs` small
 *    jobs (one run of e2e-calibration each) whose requests are padded with
 *    YAML comments to `--request-kib` KiB, the size of a large generated
 *    scenario. Its heap and RSS after a garbage collection, against the
 *    same server after one such job, set beside the request text submitted:
 *    a server that kept each request in memory would grow by at least that.
 * 2. Disk: a second server with `--retain-jobs` and `--retain-bytes` set
 *    finishes as many: the files and bytes left in its data directory.
 *
 *   node --expose-gc dist/bench/job-retention.js [--jobs 200] [--request-kib 900] [--json]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiConfig, type ApiConfig } from '../src/api/config.js';
import { startServer, type RunningServer } from '../src/api/server.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/e2e-calibration.yaml', import.meta.url));
const MIB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} expects a whole number above 0`);
  return value;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write('run with node --expose-gc so memory is measured after a collection\n');
  process.exit(2);
}

function liveMemory(): { heapMiB: number; rssMiB: number } {
  gc!();
  gc!();
  const usage = process.memoryUsage();
  return { heapMiB: usage.heapUsed / MIB, rssMiB: usage.rss / MIB };
}

/** e2e-calibration as text, padded with comment lines to about `kib` KiB. */
function paddedScenario(kib: number, index: number): string {
  const text = readFileSync(SCENARIO, 'utf8');
  const line = `# padding ${index} ${'x'.repeat(100)}\n`;
  return line.repeat(Math.max(0, Math.floor((kib * 1024 - text.length) / line.length))) + text;
}

async function finishJob(server: RunningServer, scenario: string): Promise<void> {
  const accepted = await fetch(`${server.url}/v1/simulations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario, runs: 1, async: true }),
  });
  if (accepted.status !== 202) throw new Error(`job refused: ${accepted.status} ${await accepted.text()}`);
  const { jobId } = (await accepted.json()) as { jobId: string };
  for (;;) {
    const job = (await (await fetch(`${server.url}/v1/jobs/${jobId}`)).json()) as { status: string };
    if (job.status === 'succeeded') return;
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`job ${jobId} ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function withDataDir(overrides: Partial<ApiConfig>): { config: ApiConfig; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'drsim-bench-jobs-'));
  return { dataDir, config: apiConfig({ host: '127.0.0.1', port: 0, dataDir, workers: 1, logger: false, bodyLimitBytes: 2 * MIB, ...overrides }) };
}

function diskUse(dataDir: string): { files: number; mib: number } {
  const jobs = join(dataDir, 'jobs');
  const files = readdirSync(jobs).filter((file) => file.endsWith('.json'));
  return { files: files.length, mib: files.reduce((total, file) => total + statSync(join(jobs, file)).size, 0) / MIB };
}

async function main(): Promise<void> {
  const jobs = option('jobs', 200);
  const requestKiB = option('request-kib', 900);
  const retainJobs = option('retain-jobs', 100);
  const retainMiB = option('retain-mib', 64);

  const memory = withDataDir({});
  const server = await startServer(memory.config);
  await finishJob(server, paddedScenario(requestKiB, 0));
  const before = liveMemory();
  let submittedBytes = 0;
  for (let index = 1; index <= jobs; index++) {
    const scenario = paddedScenario(requestKiB, index);
    submittedBytes += Buffer.byteLength(scenario);
    await finishJob(server, scenario);
  }
  const after = liveMemory();
  const memoryDisk = diskUse(memory.dataDir);
  await server.close();
  rmSync(memory.dataDir, { recursive: true, force: true });

  const bounded = withDataDir({ retainJobs, retainBytes: retainMiB * MIB });
  const boundedServer = await startServer(bounded.config);
  for (let index = 0; index < jobs; index++) await finishJob(boundedServer, paddedScenario(requestKiB, index));
  await boundedServer.close();
  const boundedDisk = diskUse(bounded.dataDir);
  rmSync(bounded.dataDir, { recursive: true, force: true });

  const figures = {
    jobs,
    requestKiB,
    submittedMiB: submittedBytes / MIB,
    heapGrowthMiB: after.heapMiB - before.heapMiB,
    rssGrowthMiB: after.rssMiB - before.rssMiB,
    defaultRetentionDisk: memoryDisk,
    bounded: { retainJobs, retainMiB, ...boundedDisk },
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  process.stdout.write(
    [
      `${jobs} finished jobs, requests of ${requestKiB} KiB (${mib(figures.submittedMiB)} of request text submitted)`,
      `  default retention: heap +${mib(figures.heapGrowthMiB)}, RSS +${mib(figures.rssGrowthMiB)}; on disk ${memoryDisk.files} files, ${mib(memoryDisk.mib)}`,
      `  --retain-jobs ${retainJobs} --retain-bytes ${retainMiB}Mi: on disk ${boundedDisk.files} files, ${mib(boundedDisk.mib)}`,
    ].join('\n') + '\n',
  );
}

await main();
