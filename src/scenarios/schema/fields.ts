/**
 * Field types with units. Each factory returns a fresh schema that accepts the
 * written form (`30s`, `100Gi`, `1Gbps` ...), outputs the engine's unit (ms,
 * bytes, bytes per second, per second) and carries, as metadata, what it
 * expects: the loader quotes it in errors and the reference doc in its tables.
 */
import { z } from 'zod';
import {
  MAX_BANDWIDTH_BYTES_PER_SECOND,
  MAX_DURATION_MS,
  MAX_EVENT_RATE_PER_SECOND,
  MAX_SIZE_BYTES,
  MAX_WRITE_RATE_BYTES_PER_SECOND,
} from '../limits.js';
import { DURATION_EXPECTED, formatDuration, parseDuration } from '../units/duration.js';
import { SIZE_EXPECTED, formatQuantity, parseQuantity } from '../units/quantity.js';
import {
  BANDWIDTH_EXPECTED,
  DATA_RATE_EXPECTED,
  EVENT_RATE_EXPECTED,
  formatBandwidth,
  formatDataRate,
  parseBandwidth,
  parseDataRate,
  parseEventRate,
} from '../units/rates.js';
import type { UnitResult } from '../units/result.js';
import { SCHEDULING_INTERVAL_EXPECTED, parseSchedulingInterval } from '../units/scheduling-interval.js';
import { reportProblem } from './problems.js';

/** Metadata keys drsim adds to schemas (and strips from the public JSON Schema). */
export const FIELD_TYPE_KEY = 'x-drsim-type';
export const EXPECTED_KEY = 'x-drsim-expected';

export interface FieldMeta {
  description: string;
  /** What the field holds, in words, e.g. "duration" (reference doc "Type" column). */
  type?: string;
  /** Completes "expected ..." in error messages. */
  expected?: string;
  examples?: unknown[];
}

export function fieldMeta(meta: FieldMeta): Record<string, unknown> {
  return {
    description: meta.description,
    ...(meta.type ? { [FIELD_TYPE_KEY]: meta.type } : {}),
    ...(meta.expected ? { [EXPECTED_KEY]: meta.expected } : {}),
    ...(meta.examples ? { examples: meta.examples } : {}),
  };
}

interface UnitKind {
  type: string;
  expected: string;
  parse: (input: string | number) => UnitResult;
  max: number;
  formatMax: (value: number) => string;
  examples: unknown[];
}

const DURATION: UnitKind = {
  type: 'duration',
  expected: DURATION_EXPECTED,
  parse: parseDuration,
  max: MAX_DURATION_MS,
  formatMax: formatDuration,
  examples: ['30s', '5m', '1h30m'],
};

function unitField(kind: UnitKind, description: string, max = kind.max) {
  return z
    .union([z.string(), z.number()])
    .transform((input, ctx) => {
      const result = kind.parse(input);
      if (!result.ok) {
        reportProblem(ctx, { value: input, expected: kind.expected, detail: result.problem });
        return z.NEVER;
      }
      if (result.value > max) {
        reportProblem(ctx, { value: input, expected: kind.expected, detail: `more than the limit of ${kind.formatMax(max)}` });
        return z.NEVER;
      }
      return result.value;
    })
    .meta(fieldMeta({ description, type: kind.type, expected: kind.expected, examples: kind.examples }));
}

/** Milliseconds. */
export function durationField(description: string, max = MAX_DURATION_MS) {
  return unitField(DURATION, description, max);
}

/** Bytes. */
export function sizeField(description: string) {
  return unitField(
    {
      type: 'size',
      expected: SIZE_EXPECTED,
      parse: parseQuantity,
      max: MAX_SIZE_BYTES,
      formatMax: formatQuantity,
      examples: ['100Gi', '500M'],
    },
    description,
  );
}

/** Bytes per second. */
export function dataRateField(description: string) {
  return unitField(
    {
      type: 'data rate',
      expected: DATA_RATE_EXPECTED,
      parse: parseDataRate,
      max: MAX_WRITE_RATE_BYTES_PER_SECOND,
      formatMax: formatDataRate,
      examples: ['5MiB/s', '2GiB/h'],
    },
    description,
  );
}

/** Bytes per second. */
export function bandwidthField(description: string) {
  return unitField(
    {
      type: 'bandwidth',
      expected: BANDWIDTH_EXPECTED,
      parse: parseBandwidth,
      max: MAX_BANDWIDTH_BYTES_PER_SECOND,
      formatMax: formatBandwidth,
      examples: ['1Gbps', '125MB/s'],
    },
    description,
  );
}

/** Events per second. */
export function eventRateField(description: string) {
  return unitField(
    {
      type: 'event rate',
      expected: EVENT_RATE_EXPECTED,
      parse: parseEventRate,
      max: MAX_EVENT_RATE_PER_SECOND,
      formatMax: (value) => `${value}/s`,
      examples: ['6/h', '0.5/s'],
    },
    description,
  );
}

/** Milliseconds, or null for Metro-DR (`""`). */
export function schedulingIntervalField(description: string) {
  return z
    .string()
    .transform((input, ctx) => {
      const result = parseSchedulingInterval(input);
      if (!result.ok) {
        reportProblem(ctx, { value: input, expected: SCHEDULING_INTERVAL_EXPECTED, detail: result.problem });
        return z.NEVER;
      }
      if (result.value !== null && result.value > MAX_DURATION_MS) {
        reportProblem(ctx, { value: input, expected: SCHEDULING_INTERVAL_EXPECTED, detail: `more than ${formatDuration(MAX_DURATION_MS)}` });
        return z.NEVER;
      }
      return result.value;
    })
    .meta(
      fieldMeta({
        description,
        type: 'scheduling interval',
        expected: SCHEDULING_INTERVAL_EXPECTED,
        examples: ['5m', '1h', ''],
      }),
    );
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_EXPECTED = 'a name of lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters (DNS-1123 label)';

/** A Kubernetes-style object name (DNS-1123 label). */
export function nameField(description: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      if (value.length > 63 || !NAME_PATTERN.test(value)) reportProblem(ctx, { value, expected: NAME_EXPECTED });
    })
    .meta(fieldMeta({ description, type: 'name', expected: NAME_EXPECTED }));
}

/** A plain integer with bounds, reported with the bounds in words. */
export function integerField(description: string, minimum: number, maximum: number) {
  const expected = `an integer from ${minimum} to ${maximum}`;
  return z
    .number()
    .int()
    .min(minimum)
    .max(maximum)
    .meta(fieldMeta({ description, type: 'integer', expected }));
}
