/**
 * Scenario benchmark: Monte Carlo throughput of whole drsim studies, in one
 * process run:
 *
 * 1. the 200-VM fleet (scenarios/fleet-200-vms.yaml) with the default worker
 *    threads: runs per second and peak resident memory (threads share the
 *    process, so its RSS includes the workers); measured first so the
 *    process-lifetime peak belongs to it;
 * 2. 1,000 runs of the Regional 5m scenario (scenarios/regional-5m-vms.yaml)
 *    with the default workers, from a cold pool as `drsim run` does it: wall
 *    time and runs per second (target: under 10 s on 2 cores);
 * 3. memory against the run count: peak RSS (workers included) and the main
 *    thread's heap high-water (JS heap plus array buffers, where the per-run
 *    figures and the RPO density live) of regional-5m-vms studies of 2,000
 *    and 20,000 runs, measured one after the other in this process: studies
 *    fold runs as they finish, so the peaks must not grow with the runs;
 * 4. the simulator's cost per event: events per second of the Regional model
 *    run in one thread, against the raw engine on the engine benchmark's
 *    workload (bench/lib/replication-workload.ts), same process.
 *
 *   npm run bench:scenarios -- [--runs 1000] [--fleet-runs 50] [--memory-runs 2000,20000] [--workers N] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { closeWorkers, defaultWorkers, runStudy } from '../src/analysis/monte-carlo.js';
import { integerOption } from '../src/cli/commands/study-options.js';
import { loadScenario, type Scenario } from '../src/scenarios/index.js';
import { RandomStreams, Simulation } from '../src/sim/index.js';
import { formatBytes, formatCount, memoryFigures } from './lib/measure.js';
import { estimateStudyMemory, workerPoolBytes } from '../src/analysis/memory-estimate.js';
import { startReplicationWorkload } from './lib/replication-workload.js';

const TARGET_REGIONAL_SECONDS = 10;
const TARGET_FLEET_PEAK_BYTES = 1024 ** 3;
/** Engine workload size: the engine benchmark's default (100 volumes, one simulated hour). */
const ENGINE_VOLUMES = 100;
const ENGINE_HORIZON_MS = 3_600_000;
const MEMORY_SAMPLE_MS = 20;

interface Options {
  runs: number;
  memoryRuns: number[];
  fleetRuns?: number;
  workers: number;
  singleThreadRuns: number;
  json: boolean;
}

/** A scenario of the bundled library (scenarios/NAME.yaml). */
function loadBenchScenario(name: string): { scenario: Scenario; file: string } {
  const file = fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: the benchmark measures the bundled scenario ${name}`);
  const loaded = loadScenario(readFileSync(file, 'utf8'), { filename: file });
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  return { scenario: loaded.scenario, file };
}

/** The largest RSS seen while `work` runs (sampled; the main thread is free while workers simulate). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssBytes: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, MEMORY_SAMPLE_MS);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssBytes: peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Wall time, and CPU time of the whole process (workers are threads, so
 * included): on a shared machine wall time depends on the other load, while
 * CPU time divided by the cores bounds what an idle machine would take.
 */
async function timedStudy(scenario: Scenario, runs: number, workers: number) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const study = await runStudy(scenario, { runs, workers });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { runs, seconds, runsPerSecond: runs / seconds, cpuSeconds, events: study.result.eventsProcessed, digest: study.result.traceDigest };
}

async function measureFleet(options: Options) {
  const { scenario, file } = loadBenchScenario('fleet-200-vms');
  const vms = scenario.spec.applications.reduce((sum, application) => sum + application.vms.reduce((count, vm) => count + vm.count, 0), 0);
  const runs = options.fleetRuns ?? scenario.spec.runs;
  await closeWorkers();
  const { result, peakRssBytes } = await withPeakRss(() => timedStudy(scenario, runs, options.workers));
  await closeWorkers();
  return {
    scenario: scenario.metadata.name,
    file,
    vms,
    ...result,
    peakRssBytes,
    processMaxRssBytes: memoryFigures().maxRssBytes,
    targetPeakBytes: TARGET_FLEET_PEAK_BYTES,
    targetMet: peakRssBytes < TARGET_FLEET_PEAK_BYTES,
  };
}

async function measureRegional(scenario: Scenario, file: string, options: Options) {
  await closeWorkers();
  const { result, peakRssBytes } = await withPeakRss(() => timedStudy(scenario, options.runs, options.workers));
  await closeWorkers();
  return {
    scenario: scenario.metadata.name,
    file,
    workers: Math.min(options.workers, options.runs),
    ...result,
    peakRssBytes,
    targetSeconds: TARGET_REGIONAL_SECONDS * (options.runs / 1000),
    targetMet: result.seconds < TARGET_REGIONAL_SECONDS * (options.runs / 1000),
  };
}

/** Peak RSS and main-thread heap high-water (heap used plus array buffers) while `work` runs. */
async function withPeakMemory<T>(work: () => Promise<T>) {
  let heapPeak = 0;
  const sampleHeap = () => {
    const usage = process.memoryUsage();
    heapPeak = Math.max(heapPeak, usage.heapUsed + usage.arrayBuffers);
  };
  const timer = setInterval(sampleHeap, MEMORY_SAMPLE_MS);
  try {
    const { result, peakRssBytes } = await withPeakRss(work);
    sampleHeap();
    return { result, peakRssBytes, heapPeakBytes: heapPeak };
  } finally {
    clearInterval(timer);
  }
}

/** The same scenario at each run count, smallest first, each from a cold pool. */
async function measureMemoryGrowth(scenario: Scenario, runCounts: number[], workers: number) {
  const rows = [];
  for (const runs of [...runCounts].sort((a, b) => a - b)) {
    await closeWorkers();
    const { result, peakRssBytes, heapPeakBytes } = await withPeakMemory(() => timedStudy(scenario, runs, workers));
    // What the server's --max-memory compares: the study's estimate, with the pool's fixed cost beside it.
    const estimateBytes = estimateStudyMemory(scenario, runs, workers).bytes + workerPoolBytes(Math.min(workers, runs));
    rows.push({ runs, seconds: result.seconds, peakRssBytes, heapPeakBytes, estimateBytes });
  }
  await closeWorkers();
  const [smallest, largest] = [rows[0], rows[rows.length - 1]];
  return { scenario: scenario.metadata.name, workers: Math.min(workers, smallest.runs), rows, rssGrowth: largest.peakRssBytes / smallest.peakRssBytes, heapGrowth: largest.heapPeakBytes / smallest.heapPeakBytes };
}

/** Events per second of the whole model (build, simulate, summarize) in one thread, after a warm-up. */
async function measureModelEvents(scenario: Scenario, runs: number) {
  await runStudy(scenario, { runs: Math.max(1, Math.round(runs / 5)), seed: 999, workers: 1 });
  const timed = await timedStudy(scenario, runs, 1);
  return { runs, seconds: timed.seconds, events: timed.events, eventsPerSecond: timed.events / timed.seconds, runsPerSecond: timed.runsPerSecond };
}

/** The raw engine on the engine benchmark's workload: the floor cost of an event. */
function measureEngineEvents() {
  const once = () => {
    const simulation = new Simulation();
    startReplicationWorkload(simulation, ENGINE_VOLUMES, new RandomStreams(1, 0));
    const start = process.hrtime.bigint();
    simulation.run({ until: ENGINE_HORIZON_MS });
    return { events: simulation.eventsProcessed, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  };
  once(); // warm-up
  const repetitions = [once(), once(), once()].sort((a, b) => a.seconds - b.seconds);
  const median = repetitions[1];
  return { volumes: ENGINE_VOLUMES, horizonSeconds: ENGINE_HORIZON_MS / 1000, events: median.events, seconds: median.seconds, eventsPerSecond: median.events / median.seconds };
}

async function benchmark(options: Options) {
  const loadBefore = loadavg()[0];
  const fleet = await measureFleet(options);
  const { scenario, file } = loadBenchScenario('regional-5m-vms');
  const regional = await measureRegional(scenario, file, options);
  const memory = await measureMemoryGrowth(scenario, options.memoryRuns, options.workers);
  const model = await measureModelEvents(scenario, options.singleThreadRuns);
  const engine = measureEngineEvents();
  return {
    node: process.version,
    cores: defaultWorkers(),
    /** Other processes compete for the cores on a shared machine: the 1-minute load average before and after. */
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    workers: options.workers,
    regional,
    memory,
    fleet,
    costPerEvent: {
      model: { scenario: scenario.metadata.name, ...model },
      engine,
      /** How many raw engine events one model event costs. */
      relativeCost: engine.eventsPerSecond / model.eventsPerSecond,
    },
  };
}

type Report = Awaited<ReturnType<typeof benchmark>>;

function printReport(report: Report): void {
  const { regional, memory, fleet, costPerEvent } = report;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const rate = (value: number, unit: string) => `${value >= 100 ? formatCount(value) : value.toFixed(1)} ${unit}`;
  const lines = [
    `drsim scenario benchmark: node ${report.node}, ${report.cores} cores, ${report.workers} workers; ` +
      `load average ${report.loadAverage.before.toFixed(2)} before, ${report.loadAverage.after.toFixed(2)} after`,
    '',
    `${regional.scenario}: ${formatCount(regional.runs)} runs on ${regional.workers} workers (cold pool, as drsim run)`,
    `  ${regional.seconds.toFixed(2)} s, ${rate(regional.runsPerSecond, 'runs/s')}, ${formatCount(regional.events)} events, peak RSS ${formatBytes(regional.peakRssBytes)}`,
    `  CPU ${regional.cpuSeconds.toFixed(2)} s: at least ${(regional.cpuSeconds / regional.workers).toFixed(2)} s of wall time on ${regional.workers} idle cores`,
    `  target: ${formatCount(regional.runs)} runs in under ${regional.targetSeconds} s: ${verdict(regional.targetMet)}`,
    '',
    `memory against the run count: ${memory.scenario} on ${memory.workers} workers, each study from a cold pool`,
    ...memory.rows.map(
      (row) =>
        `  ${formatCount(row.runs).padStart(7)} runs  ${row.seconds.toFixed(1).padStart(6)} s  peak RSS ${formatBytes(row.peakRssBytes).padStart(10)}  main heap + buffers high-water ${formatBytes(row.heapPeakBytes).padStart(10)}  estimate + pool ${formatBytes(row.estimateBytes).padStart(10)}`,
    ),
    `  ${formatCount(memory.rows.at(-1)!.runs)} runs against ${formatCount(memory.rows[0].runs)}: peak RSS x${memory.rssGrowth.toFixed(2)}, heap high-water x${memory.heapGrowth.toFixed(2)}`,
    '',
    `${fleet.scenario}: ${fleet.vms} VMs, ${formatCount(fleet.runs)} runs on ${Math.min(report.workers, fleet.runs)} workers`,
    `  ${fleet.seconds.toFixed(2)} s, ${rate(fleet.runsPerSecond, 'runs/s')}, ${formatCount(fleet.events)} events, CPU ${fleet.cpuSeconds.toFixed(2)} s`,
    `  peak RSS ${formatBytes(fleet.peakRssBytes)} (sampled every ${MEMORY_SAMPLE_MS} ms, workers included); process max RSS ${formatBytes(fleet.processMaxRssBytes)}`,
    `  target: under ${formatBytes(fleet.targetPeakBytes)}: ${verdict(fleet.targetMet)}`,
    '',
    'cost per event, one thread:',
    `  model (${costPerEvent.model.scenario}, ${costPerEvent.model.runs} runs)  ${rate(costPerEvent.model.eventsPerSecond, 'events/s')}  (${rate(costPerEvent.model.runsPerSecond, 'runs/s')})`,
    `  raw engine (${costPerEvent.engine.volumes} volumes, ${costPerEvent.engine.horizonSeconds} s)  ${rate(costPerEvent.engine.eventsPerSecond, 'events/s')}`,
    `  one model event costs ${costPerEvent.relativeCost.toFixed(1)} raw engine events (building the world, workflows, reduction included)`,
  ];
  console.log(lines.join('\n'));
}

const positiveInteger = integerOption(1, Number.MAX_SAFE_INTEGER);
const runCountList = (text: string): number[] => text.split(',').map((part) => positiveInteger(part.trim()));

async function main(): Promise<void> {
  const program = new Command()
    .name('bench-scenarios')
    .description('Monte Carlo runs per second and peak memory of drsim studies; cost of a model event against the raw engine')
    .option('--runs <n>', 'runs of the Regional 5m scenario', positiveInteger, 1000)
    .option('--memory-runs <list>', 'run counts of the memory comparison (regional-5m-vms), comma-separated', runCountList, [2000, 20000])
    .option('--fleet-runs <n>', 'runs of the fleet scenario (default: its spec.runs)', positiveInteger)
    .option('--workers <n>', 'worker threads (default: the cores)', positiveInteger, defaultWorkers())
    .option('--single-thread-runs <n>', 'runs timed in one thread for the cost per event', positiveInteger, 200)
    .option('--json', 'print one JSON object instead of the report', false)
    .parse();
  const report = await benchmark(program.opts<Options>());
  if (program.opts<Options>().json) console.log(JSON.stringify(report));
  else printReport(report);
  await closeWorkers();
}

await main();
