/**
 * The write load of one disk or volume: a constant rate, a daily cycle,
 * periodic bursts, or a measured periodic series. The model integrates dirty
 * bytes from this profile in closed form, so it is parsed into a small
 * discriminated union.
 */
import { z } from 'zod';
import { MAX_SERIES_RATES } from '../limits.js';
import { MILLISECONDS_PER, formatDuration } from '../units/duration.js';
import { formatDataRate } from '../units/rates.js';
import { dataRateField, durationField, fieldMeta } from './fields.js';
import { reportProblem } from './problems.js';

export const WRITE_RATE_EXPECTED =
  'a data rate such as 5MiB/s, or {diurnal: {mean, peak, peakAt}}, {bursts: {base, burst, duration, every, offset}} or {series: {step, period, rates, offset}}';

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
    z.strictObject({
      series: z.strictObject({
        step: durationField('How long each rate of the series lasts (> 0).'),
        period: durationField('Length of the series, after which it repeats (= step x the number of rates), e.g. 1d or 7d.'),
        rates: z
          .array(dataRateField('The write rate during one step.'))
          .min(1)
          .max(MAX_SERIES_RATES)
          .meta(fieldMeta({ description: 'One rate per step, in order.', expected: `a list of 1 to ${MAX_SERIES_RATES} data rates` })),
        offset: durationField('Simulated time at which rates[0] starts; the series repeats before and after it.').prefault('0s'),
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
      if ('series' in value) {
        const { step, period, rates, offset } = value.series;
        if (step <= 0) reportProblem(ctx, { value: formatDuration(step), path: ['series', 'step'], expected: 'a step > 0' });
        else if (period !== step * rates.length) {
          reportProblem(ctx, {
            value: formatDuration(period),
            path: ['series', 'period'],
            expected: 'a period of step x the number of rates',
            detail: `${rates.length} rates of ${formatDuration(step)} last ${formatDuration(step * rates.length)}`,
          });
        }
        return { kind: 'series' as const, stepMs: step, periodMs: period, offsetMs: offset, bytesPerSecond: rates };
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

/** Long-run mean rate of a profile, in bytes per second (a day for diurnal, a period for bursts and series). */
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
    case 'series':
      return profile.bytesPerSecond.reduce((sum, rate) => sum + rate, 0) / profile.bytesPerSecond.length;
  }
}

/** Highest rate a profile reaches, in bytes per second (a burst that lasts no time never does; a permanent one is the rate). */
export function peakBytesPerSecond(profile: WriteProfile): number {
  switch (profile.kind) {
    case 'constant':
      return profile.bytesPerSecond;
    case 'diurnal':
      return profile.peakBytesPerSecond;
    case 'bursts':
      if (profile.durationMs <= 0) return profile.baseBytesPerSecond;
      if (profile.durationMs >= profile.everyMs) return profile.burstBytesPerSecond;
      return Math.max(profile.baseBytesPerSecond, profile.burstBytesPerSecond);
    case 'series':
      return Math.max(...profile.bytesPerSecond);
  }
}
