/**
 * Figures of another process read from Linux /proc: its resident memory, and
 * the CPU time of its main thread and of all its threads (a server's worker
 * threads are threads of the same process).
 */
import { readFileSync } from 'node:fs';

/** Resident set size in MiB. */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

export interface CpuSeconds {
  /** The thread running the event loop (its id is the process id). */
  mainThread: number;
  /** Every thread: the main one, the worker pool, V8's garbage collector helpers. */
  allThreads: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): CpuSeconds {
  // The process's own line counts threads that have ended too; the main thread's id is the process id.
  return { mainThread: statCpuSeconds(`/proc/${pid}/task/${pid}/stat`), allThreads: statCpuSeconds(`/proc/${pid}/stat`) };
}

export function cpuSecondsSince(pid: number, before: CpuSeconds): CpuSeconds {
  const now = cpuSeconds(pid);
  return { mainThread: now.mainThread - before.mainThread, allThreads: now.allThreads - before.allThreads };
}

function statCpuSeconds(path: string): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
