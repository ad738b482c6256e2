/**
 * Which finished jobs retention deletes: by age, then the oldest while the
 * count or the bytes are over budget, never the newest for a budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jobsToDelete, type FinishedJob } from '../../src/api/jobs/retention.js';
import { replayParameters } from '../invariants/arbitraries.js';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const job = (id: string, ageMs: number, bytes = 100): FinishedJob => ({ id, finishedAt: NOW - ageMs, bytes });
const limits = (overrides: Partial<{ maxAgeMs: number; maxJobs: number; maxBytes: number }> = {}) => ({
  maxAgeMs: 7 * DAY,
  maxJobs: 1000,
  maxBytes: 1024 ** 3,
  ...overrides,
});

describe('job retention', () => {
  it('deletes jobs that finished longer ago than the age limit, the newest included', () => {
    const jobs = [job('a', 8 * DAY), job('b', 6 * DAY), job('c', 7 * DAY + 1)];
    expect(jobsToDelete(jobs, NOW, limits()).sort()).toEqual(['a', 'c']);
    expect(jobsToDelete([job('only', 8 * DAY)], NOW, limits())).toEqual(['only']);
  });

  it('past the count, deletes the oldest first', () => {
    const jobs = [job('new', 1), job('old', 3), job('mid', 2)];
    expect(jobsToDelete(jobs, NOW, limits({ maxJobs: 1 }))).toEqual(['old', 'mid']);
    expect(jobsToDelete(jobs, NOW, limits({ maxJobs: 3 }))).toEqual([]);
  });

  it('past the bytes, deletes the oldest until the rest fit', () => {
    const jobs = [job('a', 4, 400), job('b', 3, 300), job('c', 2, 200), job('d', 1, 100)];
    // 1000 bytes in all; a budget of 350 keeps c and d (300), after deleting a then b.
    expect(jobsToDelete(jobs, NOW, limits({ maxBytes: 350 }))).toEqual(['a', 'b']);
  });

  it('keeps the newest job however large, so its client can read its result', () => {
    const jobs = [job('old', 2, 10), job('huge', 1, 10_000)];
    expect(jobsToDelete(jobs, NOW, limits({ maxBytes: 100 }))).toEqual(['old']);
    expect(jobsToDelete(jobs, NOW, limits({ maxJobs: 1, maxBytes: 0 }))).toEqual(['old']);
  });

  it('what is left is within every budget (bar the newest alone) and what is deleted is older than what is kept', () => {
    const finished = fc.uniqueArray(
      fc.record({ id: fc.uuid(), finishedAt: fc.integer({ min: 0, max: NOW }), bytes: fc.integer({ min: 0, max: 10_000 }) }),
      { selector: (entry) => entry.id, maxLength: 40 },
    );
    const budget = fc.record({ maxAgeMs: fc.integer({ min: 1, max: NOW }), maxJobs: fc.integer({ min: 1, max: 50 }), maxBytes: fc.integer({ min: 0, max: 200_000 }) });
    fc.assert(
      fc.property(finished, budget, (jobs, rule) => {
        const doomed = new Set(jobsToDelete(jobs, NOW, rule));
        const kept = jobs.filter((entry) => !doomed.has(entry.id));
        for (const entry of kept) expect(NOW - entry.finishedAt).toBeLessThanOrEqual(rule.maxAgeMs);
        if (kept.length > 1) {
          expect(kept.length).toBeLessThanOrEqual(rule.maxJobs);
          expect(kept.reduce((total, entry) => total + entry.bytes, 0)).toBeLessThanOrEqual(rule.maxBytes);
        }
        const oldestKept = Math.min(...kept.map((entry) => entry.finishedAt));
        for (const entry of jobs) if (doomed.has(entry.id)) expect(entry.finishedAt).toBeLessThanOrEqual(oldestKept);
        // Nothing is deleted that every budget allowed: removing the newest deleted one would break a limit.
        const youngestDoomed = jobs.filter((entry) => doomed.has(entry.id)).sort((a, b) => b.finishedAt - a.finishedAt)[0];
        if (youngestDoomed && NOW - youngestDoomed.finishedAt <= rule.maxAgeMs) {
          const withIt = [...kept, youngestDoomed];
          const bytes = withIt.reduce((total, entry) => total + entry.bytes, 0);
          expect(withIt.length > rule.maxJobs || bytes > rule.maxBytes).toBe(true);
        }
      }),
      replayParameters(500),
    );
  });
});
