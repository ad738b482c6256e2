/**
 * Random durations: a constant, or `{uniform: [a, b]}`,
 * `{exponential: {mean}}`, `{lognormal: {median, p95}}`,
 * `{empirical: [...]}`, parsed into the engine's `Distribution` (ms).
 */
import { z } from 'zod';
import type { Distribution } from '../../sim/distributions.js';
import { MAX_EMPIRICAL_VALUES } from '../limits.js';
import { formatDuration } from '../units/duration.js';
import { durationField, fieldMeta } from './fields.js';
import { reportProblem } from './problems.js';

export const RANDOM_DURATION_EXPECTED =
  'a duration such as 30s, or one of {uniform: [a, b]}, {exponential: {mean}}, {lognormal: {median, p95}} or {empirical: [d1, d2, ...]} with durations';

/** Shared by every random field, so the JSON Schema defines it once. */
const RandomDurationInput = z
  .union([
    durationField('A constant duration.'),
    z.strictObject({
      uniform: z.tuple([durationField('Lower bound a.'), durationField('Upper bound b (b >= a).')]),
    }),
    z.strictObject({ exponential: z.strictObject({ mean: durationField('Mean (> 0).') }) }),
    z.strictObject({
      lognormal: z.strictObject({
        median: durationField('Median (> 0).'),
        p95: durationField('95th percentile (>= median).'),
      }),
    }),
    z.strictObject({
      empirical: z.array(durationField('An observed value.')).min(1).max(MAX_EMPIRICAL_VALUES),
    }),
  ])
  .meta({ id: 'RandomDuration', description: 'A constant duration or a distribution of durations.' });

export function randomDurationField(description: string) {
  return RandomDurationInput
    .transform((value, ctx): Distribution => {
      if (typeof value === 'number') return { kind: 'constant', value };
      if ('uniform' in value) {
        const [min, max] = value.uniform;
        if (min > max) {
          reportProblem(ctx, {
            value: formatDuration(max),
            path: ['uniform', 1],
            expected: 'the upper bound b >= the lower bound a in {uniform: [a, b]}',
            detail: `below a = ${formatDuration(min)}`,
          });
        }
        return { kind: 'uniform', min, max };
      }
      if ('exponential' in value) {
        const mean = value.exponential.mean;
        if (mean <= 0) reportProblem(ctx, { value: formatDuration(mean), path: ['exponential', 'mean'], expected: 'a mean > 0' });
        return { kind: 'exponential', mean };
      }
      if ('lognormal' in value) {
        const { median, p95 } = value.lognormal;
        if (median <= 0) reportProblem(ctx, { value: formatDuration(median), path: ['lognormal', 'median'], expected: 'a median > 0' });
        if (p95 < median) {
          reportProblem(ctx, {
            value: formatDuration(p95),
            path: ['lognormal', 'p95'],
            expected: 'a 95th percentile >= the median',
            detail: `below the median ${formatDuration(median)}`,
          });
        }
        return { kind: 'lognormal', median, p95 };
      }
      return { kind: 'empirical', values: value.empirical };
    })
    .meta(fieldMeta({ description, type: 'random duration', expected: RANDOM_DURATION_EXPECTED }));
}
