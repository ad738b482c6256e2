/**
 * The DRPolicy `schedulingInterval`, exactly as Ramen accepts it
 * (ramen-facts 1.1: pattern `^(|\d+[mhd])$`; ceph-csi requires the suffix;
 * the ceph-mgr scheduler works in whole minutes, so 1m is the minimum).
 * `""` means Metro-DR (synchronous) and parses to null.
 */
import { MILLISECONDS_PER } from './duration.js';
import { checkFinite, rejected } from './result.js';

export const SCHEDULING_INTERVAL_EXPECTED =
  'a scheduling interval as in Ramen: "" for Metro-DR, or whole minutes written <number>m, <number>h or <number>d (at least 1m)';

export type SchedulingIntervalResult = { ok: true; value: number | null } | { ok: false; problem: string };

export function parseSchedulingInterval(input: string | number): SchedulingIntervalResult {
  if (typeof input === 'number') return rejected('must be a string such as "5m" (or "" for Metro-DR)');
  if (input === '') return { ok: true, value: null };
  const match = /^(\d+)([mhd])$/.exec(input);
  if (!match) {
    if (/^\d+(ms|s)$/.test(input)) return rejected('Ramen intervals are whole minutes; seconds are not accepted');
    if (input.trim() !== input) return rejected('must not contain spaces');
    return rejected('does not match ^\\d+[mhd]$');
  }
  const milliseconds = Number(match[1]) * MILLISECONDS_PER[match[2] as 'm' | 'h' | 'd'];
  if (milliseconds === 0) return rejected('must be at least 1m (Ramen treats 0 as no schedule)');
  return checkFinite(milliseconds);
}
