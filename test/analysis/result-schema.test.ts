import { describe, expect, it } from 'vitest';
import { ResultSchema, SummarySchema, type Result, type Summary } from '../../src/analysis/result-schema.js';

const summary = (scale: number): Summary => ({
  mean: 2 * scale,
  p50: scale,
  p90: 3 * scale,
  p95: 4 * scale,
  p99: 5 * scale,
  max: 6 * scale,
});

function validResult(): Result {
  return {
    drsimVersion: '0.1.0',
    scenario: 'regional-5m-vms',
    seed: 1,
    runs: 500,
    traceDigest: '9f2c01ab',
    eventsProcessed: 123456,
    summary: {
      rpoSeconds: summary(60),
      rtoSeconds: summary(600),
      dataLossBytes: summary(1e9),
      kubeObjectsLost: summary(1),
      unprotectedSeconds: summary(3600),
    },
    rpoOverTime: {
      mean: 180,
      p99: 355,
      max: 360,
      fractionWithinInterval: 0.8,
      alertWarningFraction: 0.01,
      alertCriticalFraction: 0,
      unbounded: false,
    },
    applications: [
      {
        name: 'billing',
        rpoSeconds: summary(60),
        rtoSeconds: summary(600),
        dataLossBytes: summary(1e9),
        rtoBreakdownSeconds: {
          detection: summary(30),
          decision: summary(600),
          fencing: summary(0),
          promote: summary(60),
          restore: summary(30),
          boot: summary(40),
          crashRecovery: summary(20),
        },
      },
    ],
    splitBrain: { runs: 0, seconds: summary(0), bytesDiverged: summary(0) },
    invariantViolations: [],
  };
}

function withChange(change: (result: Record<string, any>) => void): unknown {
  const result = structuredClone(validResult()) as Record<string, any>;
  change(result);
  return result;
}

describe('ResultSchema', () => {
  it('accepts the documented result contract', () => {
    expect(ResultSchema.parse(validResult())).toEqual(validResult());
  });

  it('accepts the optional extensions', () => {
    const extended = withChange((r) => {
      r.objectives = [{ metric: 'rpo', percentile: 99, targetSeconds: 900, achievedSeconds: 355, met: true }];
      r.warnings = [{ code: 'metro-rtt', message: 'RTT 12 ms is above the 10 ms Metro-DR limit' }];
      r.vms = [{ name: 'db-0', application: 'billing', rpoSeconds: summary(60), diskSkewSeconds: summary(2) }];
      r.applications[0].kubeObjectsLost = summary(1);
      r.applications[0].unprotectedSeconds = summary(3600);
      r.invariantViolations = [{ invariant: 'INV-13', run: 4, timeMs: 86_400_000, message: 'RPO fell when the interval grew' }];
      r.rpoOverTime.p50 = 170;
    });
    expect(ResultSchema.safeParse(extended).success).toBe(true);
  });

  it.each([
    ['a missing top-level key', (r: Record<string, any>) => delete r.traceDigest, 'traceDigest'],
    ['a renamed top-level key', (r: Record<string, any>) => ((r.events = r.eventsProcessed), delete r.eventsProcessed), 'eventsProcessed'],
    ['a missing summary metric', (r: Record<string, any>) => delete r.summary.unprotectedSeconds, 'summary.unprotectedSeconds'],
    ['a renamed percentile', (r: Record<string, any>) => ((r.summary.rtoSeconds.p999 = 1), delete r.summary.rtoSeconds.p99), 'summary.rtoSeconds'],
    ['an unknown extra key', (r: Record<string, any>) => (r.rpoOverTime.fractionWithinTarget = 0.5), 'rpoOverTime'],
    ['a missing RTO step', (r: Record<string, any>) => delete r.applications[0].rtoBreakdownSeconds.crashRecovery, 'applications.0.rtoBreakdownSeconds.crashRecovery'],
    ['a misspelt optional key', (r: Record<string, any>) => (r.warning = []), ''],
    ['an unknown invariant', (r: Record<string, any>) => (r.invariantViolations = [{ invariant: 'INV-14', run: 0, timeMs: 0, message: 'x' }]), 'invariantViolations.0.invariant'],
    ['a fraction above 1', (r: Record<string, any>) => (r.rpoOverTime.alertCriticalFraction = 1.5), 'rpoOverTime.alertCriticalFraction'],
    ['a non-hex digest', (r: Record<string, any>) => (r.traceDigest = 'xyz'), 'traceDigest'],
    ['an infinite value', (r: Record<string, any>) => (r.summary.rpoSeconds.max = Number.POSITIVE_INFINITY), 'summary.rpoSeconds.max'],
    ['an RPO reported for an unbounded backlog', (r: Record<string, any>) => (r.rpoOverTime.unbounded = true), 'rpoOverTime'],
    [
      'a backlog both saturated and unbounded',
      (r: Record<string, any>) => Object.assign(r.rpoOverTime, { mean: null, p99: null, max: null, unbounded: true, saturated: true }),
      'rpoOverTime',
    ],
  ])('rejects %s', (_label, change, path) => {
    const parsed = ResultSchema.safeParse(withChange(change));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('accepts an unbounded backlog with null RPO statistics', () => {
    const unbounded = withChange((r) => {
      r.rpoOverTime = {
        mean: null,
        p99: null,
        max: null,
        fractionWithinInterval: 0.1,
        alertWarningFraction: 0.1,
        alertCriticalFraction: 0.7,
        unbounded: true,
      };
    });
    expect(ResultSchema.safeParse(unbounded).success).toBe(true);
  });

  it('accepts a saturated link with finite RPO statistics', () => {
    expect(ResultSchema.safeParse(withChange((r) => (r.rpoOverTime.saturated = true))).success).toBe(true);
  });
});

describe('SummarySchema', () => {
  it('rejects percentiles out of order, i.e. keys mixed up', () => {
    expect(SummarySchema.safeParse({ mean: 1, p50: 5, p90: 3, p95: 4, p99: 5, max: 6 }).success).toBe(false);
    expect(SummarySchema.safeParse({ mean: 7, p50: 1, p90: 3, p95: 4, p99: 5, max: 6 }).success).toBe(false);
    expect(SummarySchema.safeParse(summary(1)).success).toBe(true);
  });
});
