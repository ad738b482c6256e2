/**
 * Timing and memory figures for the benchmarks: wall time of a function,
 * heap retained by what it built, and summaries over repetitions.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** A forced full GC, so retained-heap figures are not noise from earlier garbage. */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

export interface Timed<T> {
  result: T;
  seconds: number;
  /**
   * CPU time of the whole process (all threads, so the garbage collector's
   * helpers count) during the run: unlike wall time, barely affected by other
   * processes competing for the CPU.
   */
  cpuSeconds: number;
  /** Heap still in use after the run while its result is alive, minus the heap before it. */
  retainedHeapBytes: number;
}

/** Runs `work` once, timing it with a monotonic clock. */
export function timed<T>(work: () => T): Timed<T> {
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  collectGarbage();
  const retainedHeapBytes = process.memoryUsage().heapUsed - heapBefore;
  return { result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, retainedHeapBytes };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface MemoryFigures {
  rssBytes: number;
  heapUsedBytes: number;
  /** Peak resident set size of the whole process so far. */
  maxRssBytes: number;
}

export function memoryFigures(): MemoryFigures {
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** 12345678 -> "12,345,678" */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
