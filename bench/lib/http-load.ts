/**
 * A closed-loop HTTP load (autocannon): N connections, each sending its next
 * request as soon as the previous one is answered, Retry-After or not, which
 * is the worst a crowd of impatient clients can do. Answers are counted and
 * timed by status, so the completed requests and the refused ones each get
 * their own rate and latency percentiles.
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

interface AutocannonResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  duration: number;
}
type AutocannonRun = EventEmitter & PromiseLike<AutocannonResult>;
type Autocannon = (options: {
  url: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  duration: number;
}) => AutocannonRun;

// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadFigures {
  connections: number;
  seconds: number;
  /** Every answer, by status code, with its latency in ms. */
  latencies: Map<number, number[]>;
  /** Connection errors and timeouts (no answer at all). */
  errors: number;
}

export async function closedLoopLoad(url: string, connections: number, durationSeconds: number, body?: unknown): Promise<LoadFigures> {
  const latencies = new Map<number, number[]>();
  const run = autocannon({
    url,
    connections,
    duration: durationSeconds,
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  run.on('response', (_client: unknown, status: number, _bytes: number, milliseconds: number) => {
    let list = latencies.get(status);
    if (!list) latencies.set(status, (list = []));
    list.push(milliseconds);
  });
  const result = await run;
  return { connections, seconds: result.duration, latencies, errors: result.errors + result.timeouts };
}

export function answered(figures: LoadFigures, predicate: (status: number) => boolean): number[] {
  return [...figures.latencies].filter(([status]) => predicate(status)).flatMap(([, list]) => list);
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
