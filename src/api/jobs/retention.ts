/**
 * Which finished jobs to delete: those older than the retention age, then
 * the oldest ones while more than `maxJobs` are kept or their files take
 * more than `maxBytes`. The count and byte budgets never take the job that
 * finished last, so a client polling for it can read its result even when it
 * alone is larger than the byte budget; the age limit does.
 */
export interface FinishedJob {
  id: string;
  /** When it finished, in ms since the epoch. */
  finishedAt: number;
  /** Size of its file in the data directory. */
  bytes: number;
}

export interface RetentionLimits {
  maxAgeMs: number;
  maxJobs: number;
  maxBytes: number;
}

export function jobsToDelete(finished: readonly FinishedJob[], now: number, limits: RetentionLimits): string[] {
  // Oldest first; ties broken by id so the choice does not depend on map order.
  const byAge = [...finished].sort((a, b) => a.finishedAt - b.finishedAt || a.id.localeCompare(b.id));
  let count = byAge.length;
  let bytes = byAge.reduce((total, job) => total + job.bytes, 0);
  const doomed: string[] = [];
  for (const [index, job] of byAge.entries()) {
    const expired = now - job.finishedAt > limits.maxAgeMs;
    const overBudget = index < byAge.length - 1 && (count > limits.maxJobs || bytes > limits.maxBytes);
    if (!expired && !overBudget) break;
    doomed.push(job.id);
    count--;
    bytes -= job.bytes;
  }
  return doomed;
}
