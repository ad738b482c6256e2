/**
 * Engine benchmark: the replication workload (bench/lib/replication-workload.ts)
 * run on drsim's Simulation and on a general-purpose npm heap (tinyqueue by
 * default, or heap-js) with a thin loop, same seed, same process. Both must execute the same events and end in the same state; the
 * figures are the best (and the median) of several timed repetitions after a
 * warm-up run of each, alternating the engines so machine noise hits both.
 *
 *   npm run bench:engine -- [--volumes 100] [--horizon 3600] [--seed 1] [--repetitions 5] [--library tinyqueue|heap-js] [--json]
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { Command, InvalidArgumentError, Option } from 'commander';
import { RandomStreams, Simulation } from '../src/sim/index.js';
import type { WorkloadState } from './lib/replication-workload.js';
import type { LibraryHeapScheduler, LibraryName } from './lib/library-heap-scheduler.js';
import type { Scheduler } from './lib/scheduler.js';
import { formatBytes, formatCount, median, memoryFigures, timed, type MemoryFigures } from './lib/measure.js';

const TARGET_EVENTS_PER_SECOND = 5e6;
const TARGET_SPEEDUP = 2;

interface Options {
  volumes: number;
  horizon: number;
  seed: number;
  repetitions: number;
  library: LibraryName;
  json: boolean;
}

type WorkloadModule = typeof import('./lib/replication-workload.js');

/**
 * Each engine gets its own instance of the workload module (same source, same
 * seed), so V8 compiles and optimises the workload's callbacks for that engine
 * alone, as in a program that uses one engine; with one shared instance the
 * call sites would turn polymorphic and the figures would depend on run order.
 */
function loadWorkload(engine: string): Promise<WorkloadModule> {
  return import(new URL(`./lib/replication-workload.js?engine=${engine}`, import.meta.url).href) as Promise<WorkloadModule>;
}

interface EngineRun {
  events: number;
  seconds: number;
  cpuSeconds: number;
  state: WorkloadState;
  retainedHeapBytes: number;
  /** drsim only: the trace digest of the run. */
  digest?: string;
}

interface EngineFigures {
  events: number;
  /** Best (least disturbed) of the repetitions: the headline figure. */
  seconds: number;
  eventsPerSecond: number;
  medianSeconds: number;
  medianEventsPerSecond: number;
  /** Best CPU time of the repetitions, and events per CPU second. */
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  retainedHeapBytes: number;
}

/** An engine under test, driving the workload through the Scheduler interface. */
interface EngineUnderTest {
  scheduler: Scheduler;
  run(untilMs: number): void;
  eventsProcessed(): number;
  digest?(): string;
}

function drsimEngine(): EngineUnderTest {
  const simulation = new Simulation();
  return {
    scheduler: simulation,
    run: (untilMs) => simulation.run({ until: untilMs }),
    eventsProcessed: () => simulation.eventsProcessed,
    digest: () => simulation.trace.digest(),
  };
}

type SchedulerModule = { LibraryHeapScheduler: typeof LibraryHeapScheduler };

/** A private copy of the scheduler module per library (see library-heap-scheduler.ts). */
function loadSchedulerModule(library: LibraryName): Promise<SchedulerModule> {
  return import(new URL(`./lib/library-heap-scheduler.js?library=${library}`, import.meta.url).href) as Promise<SchedulerModule>;
}

function libraryEngine(module: SchedulerModule, library: LibraryName): EngineUnderTest {
  const scheduler = new module.LibraryHeapScheduler(library);
  return {
    scheduler,
    run: (untilMs) => scheduler.run(untilMs),
    eventsProcessed: () => scheduler.eventsProcessed,
  };
}

/** One timed run of the workload, from building the engine to the horizon. */
function runOn(createEngine: () => EngineUnderTest, options: Options, workloadModule: WorkloadModule): EngineRun {
  const run = timed(() => {
    const engine = createEngine();
    const streams = new RandomStreams(options.seed, 0);
    const workload = workloadModule.startReplicationWorkload(engine.scheduler, options.volumes, streams);
    engine.run(options.horizon * 1000);
    return { engine, workload };
  });
  const { engine, workload } = run.result;
  return {
    events: engine.eventsProcessed(),
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    state: workload.state(),
    retainedHeapBytes: run.retainedHeapBytes,
    digest: engine.digest?.(),
  };
}

/** Both engines must have run the very same simulation. */
function checkAgreement(drsim: EngineRun, library: EngineRun, reference: EngineRun, libraryName: string): void {
  if (drsim.events !== library.events || !isDeepStrictEqual(drsim.state, library.state)) {
    throw new Error(
      `engines disagree: drsim ${drsim.events} events ${JSON.stringify(drsim.state)}, ` +
        `${libraryName} ${library.events} events ${JSON.stringify(library.state)}`,
    );
  }
  if (drsim.digest !== reference.digest || !isDeepStrictEqual(drsim.state, reference.state)) {
    throw new Error(`repetitions differ: digest ${drsim.digest} vs ${reference.digest}`);
  }
}

function summarise(runs: readonly EngineRun[]): EngineFigures {
  const events = runs[0].events;
  const seconds = Math.min(...runs.map((run) => run.seconds));
  const medianSeconds = median(runs.map((run) => run.seconds));
  const cpuSeconds = Math.min(...runs.map((run) => run.cpuSeconds));
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    medianSeconds,
    medianEventsPerSecond: events / medianSeconds,
    cpuSeconds,
    eventsPerCpuSecond: events / cpuSeconds,
    retainedHeapBytes: median(runs.map((run) => run.retainedHeapBytes)),
  };
}

function libraryVersion(library: LibraryName): string {
  const require = createRequire(import.meta.url);
  return (require(`${library}/package.json`) as { version: string }).version;
}

async function benchmark(options: Options) {
  const drsimWorkload = await loadWorkload('drsim');
  const libraryWorkload = await loadWorkload(options.library);
  const schedulerModule = await loadSchedulerModule(options.library);
  const libraryEngineFor = () => libraryEngine(schedulerModule, options.library);
  // Warm-up: let both engines' code reach optimised tiers before timing.
  const reference = runOn(drsimEngine, options, drsimWorkload);
  checkAgreement(reference, runOn(libraryEngineFor, options, libraryWorkload), reference, options.library);
  const drsimRuns: EngineRun[] = [];
  const libraryRuns: EngineRun[] = [];
  let peakMemory: MemoryFigures = memoryFigures();
  // Alternate the engines so that machine noise hits both alike.
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    const drsim = runOn(drsimEngine, options, drsimWorkload);
    const library = runOn(libraryEngineFor, options, libraryWorkload);
    checkAgreement(drsim, library, reference, options.library);
    drsimRuns.push(drsim);
    libraryRuns.push(library);
    peakMemory = memoryFigures();
  }
  const drsim = summarise(drsimRuns);
  const library = summarise(libraryRuns);
  const speedup = drsim.eventsPerSecond / library.eventsPerSecond;
  const cpuSpeedup = drsim.eventsPerCpuSecond / library.eventsPerCpuSecond;
  return {
    ...drsim,
    volumes: options.volumes,
    horizonSeconds: options.horizon,
    seed: options.seed,
    repetitions: options.repetitions,
    digest: reference.digest,
    state: reference.state,
    library: { name: options.library, version: libraryVersion(options.library), ...library },
    speedup,
    cpuSpeedup,
    memory: peakMemory,
    /** Other processes compete for the CPU on a shared machine: the 1-minute load average at the end. */
    loadAverage: os.loadavg()[0],
    targets: {
      eventsPerSecond: TARGET_EVENTS_PER_SECOND,
      eventsPerSecondMet: drsim.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
      speedup: TARGET_SPEEDUP,
      speedupMet: speedup >= TARGET_SPEEDUP,
    },
    node: process.version,
  };
}

type Report = Awaited<ReturnType<typeof benchmark>>;

function millions(eventsPerSecond: number): string {
  return `${(eventsPerSecond / 1e6).toFixed(2)} M events/s`;
}

function printReport(report: Report): void {
  const { state } = report;
  const engineLine = (name: string, figures: EngineFigures) =>
    `  ${name.padEnd(17)} ${figures.seconds.toFixed(3)} s  ${millions(figures.eventsPerSecond).padStart(17)}` +
    `  (median ${millions(figures.medianEventsPerSecond)})  retained heap ${formatBytes(figures.retainedHeapBytes)}`;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const lines = [
    `drsim engine benchmark: ${report.volumes} volumes, ${report.horizonSeconds} s simulated, seed ${report.seed}`,
    `  workload: ${formatCount(report.events)} events per run (${formatCount(state.writes)} writes, ` +
      `${formatCount(state.snapshots)} snapshots, ${formatCount(state.transfersCompleted)} transfers completed)`,
    `  data: ${formatBytes(state.bytesSynced)} synced, ${formatBytes(state.bytesInFlight)} in flight, ` +
      `${formatBytes(state.bytesDirty)} dirty at the end`,
    '',
    `best of ${report.repetitions} runs after a warm-up (both engines processed the same events and ended in the same state):`,
    engineLine('drsim Simulation', report),
    engineLine(`${report.library.name} ${report.library.version}`, report.library),
    '',
    `  throughput ${millions(report.eventsPerSecond)}: target >= ${millions(report.targets.eventsPerSecond)} ${verdict(report.targets.eventsPerSecondMet)}`,
    `  speedup over ${report.library.name} ${report.speedup.toFixed(2)}x: target >= ${report.targets.speedup}x ${verdict(report.targets.speedupMet)}`,
    `  per CPU second: drsim ${millions(report.eventsPerCpuSecond)}, ${report.library.name} ${millions(report.library.eventsPerCpuSecond)}, ` +
      `${report.cpuSpeedup.toFixed(2)}x`,
    `  memory: rss ${formatBytes(report.memory.rssBytes)}, peak rss ${formatBytes(report.memory.maxRssBytes)}, ` +
      `heap used ${formatBytes(report.memory.heapUsedBytes)}; load average ${report.loadAverage.toFixed(2)} on ${os.cpus().length} CPUs`,
    `  trace digest ${report.digest} (identical on every repetition)`,
  ];
  console.log(lines.join('\n'));
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer');
  return parsed;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench-engine')
    .description('Events per second of the drsim engine on a replication workload, against a general-purpose npm heap')
    .option('--volumes <n>', 'number of volumes', positiveInteger, 100)
    .option('--horizon <seconds>', 'simulated time in seconds', positiveInteger, 3600)
    .option('--seed <n>', 'scenario seed of the random streams', integer, 1)
    .option('--repetitions <n>', 'timed runs per engine (after one warm-up run each)', positiveInteger, 5)
    .addOption(
      new Option('--library <name>', 'the npm priority queue to compare against (tinyqueue is the faster of the two)')
        .choices(['tinyqueue', 'heap-js'])
        .default('tinyqueue'),
    )
    .option('--json', 'print one JSON object instead of the report', false)
    .parse();
  const options = program.opts<Options>();
  const report = await benchmark(options);
  if (options.json) console.log(JSON.stringify(report));
  else printReport(report);
}

await main();
