/**
 * The write load of one disk or volume: a constant rate, a daily cycle, or
 * periodic bursts. The model integrates dirty bytes from this profile in
 * closed form, so it is parsed into a small discriminated union.
 */
import { z } from 'zod';
import { MILLISECONDS_PER, formatDuration } from '../units/duration.js';
import { formatDataRate } from '../units/rates.js';
import { dataRateField, durationField, fieldMeta } from './fields.js';
import { reportProblem } from './problems.js';

export const WRITE_RATE_EXPECTED =
  'a data rate such as 5MiB/s, or {diurnal: {mean, peak, peakAt}} or {bursts: {base, burst, duration, every, offset}}';

const DAY_MS = MILLISECONDS_PER.d;

/** Shared by every writeRate field, so the JSON Schema defines it once. */
const WriteRateInput = z
  .union([
    dataRateField('A constant write rate.'),
    z.strictObject({
      diurnal: z.strictObject({
        mean: dataRateField('Mean rate over a day.'),
        peak: dataRateField('Rate at the peak (mean <= peak <= 2 x mean, so the rate never goes negative).'),
        peakAt: durationField('Time of day of the peak, from midnight of simulated day 0 (0 to 24h).'),
      }),
    }),
    z.strictObject({
      bursts: z.strictObject({
        base: dataRateField('Rate outside bursts.'),
        burst: dataRateField('Rate during a burst (instead of base).'),
        duration: durationField('Length of each burst (<= every).'),
        every: durationField('Period of the bursts (> 0).'),
        offset: durationField('Start of the first burst.').prefault('0s'),
      }),
    }),
  ])
  .meta({ id: 'WriteRate', description: 'A constant write rate or a write-rate profile.' });

export function writeRateField(description: string) {
  return WriteRateInput
    .transform((value, ctx) => {
      if (typeof value === 'number') return { kind: 'constant' as const, bytesPerSecond: value };
      if ('diurnal' in value) {
        const { mean, peak, peakAt } = value.diurnal;
        if (peak < mean) {
          reportProblem(ctx, { value: formatDataRate(peak), path: ['diurnal', 'peak'], expected: 'a peak >= the mean', detail: `below the mean ${formatDataRate(mean)}` });
        } else if (peak > 2 * mean) {
          reportProblem(ctx, {
            value: formatDataRate(peak),
            path: ['diurnal', 'peak'],
            expected: 'a peak <= 2 x the mean (rate = mean + (peak - mean) cos(...) must stay >= 0)',
            detail: `more than twice the mean ${formatDataRate(mean)}`,
          });
        }
        if (peakAt >= DAY_MS) {
          reportProblem(ctx, { value: formatDuration(peakAt), path: ['diurnal', 'peakAt'], expected: 'a time of day from 0 to 24h (exclusive)' });
        }
        return { kind: 'diurnal' as const, meanBytesPerSecond: mean, peakBytesPerSecond: peak, peakAtMs: peakAt };
      }
      const { base, burst, duration, every, offset } = value.bursts;
      if (every <= 0) reportProblem(ctx, { value: formatDuration(every), path: ['bursts', 'every'], expected: 'a period > 0' });
      else if (duration > every) {
        reportProblem(ctx, {
          value: formatDuration(duration),
          path: ['bursts', 'duration'],
          expected: 'a burst duration <= every',
          detail: `longer than every = ${formatDuration(every)}`,
        });
      }
      return {
        kind: 'bursts' as const,
        baseBytesPerSecond: base,
        burstBytesPerSecond: burst,
        durationMs: duration,
        everyMs: every,
        offsetMs: offset,
      };
    })
    .meta(fieldMeta({ description, type: 'write rate', expected: WRITE_RATE_EXPECTED }));
}

/** The schema of one `writeRate`; its output is the model's write-load input. */
export const WriteProfileSchema = writeRateField('Write load of a disk or volume.');
export type WriteProfile = z.output<typeof WriteProfileSchema>;
export type WriteProfileInput = z.input<typeof WriteProfileSchema>;

/** Long-run mean rate of a profile, in bytes per second (a day for diurnal, a period for bursts). */
export function meanBytesPerSecond(profile: WriteProfile): number {
  switch (profile.kind) {
    case 'constant':
      return profile.bytesPerSecond;
    case 'diurnal':
      return profile.meanBytesPerSecond;
    case 'bursts':
      if (profile.everyMs <= 0) return profile.baseBytesPerSecond;
      return (
        (profile.baseBytesPerSecond * (profile.everyMs - profile.durationMs) + profile.burstBytesPerSecond * profile.durationMs) /
        profile.everyMs
      );
  }
}
