/**
 * Detection is per cluster and the decision per disaster (loss-response.ts):
 * OCM marks a ManagedCluster unavailable once its one lease expires, so every
 * DRPC on the lost cluster sees the loss at the same instant, and one
 * operator declares DR once for the disaster. A fleet's worst RTO is then
 * not the maximum of N independent detection and decision draws: with N
 * applications and a detection uniform over [a, b], N independent draws put
 * the worst at b - (b - a) / (N + 1) on average; shared, every application
 * waits the one draw.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { scenario } from './scenario-builder.js';

const APPLICATIONS = 8;

const fleet = (response: Record<string, unknown> = {}) =>
  scenario({
    horizon: '1d',
    response: { decisionDelay: { uniform: ['5m', '20m'] }, ...response },
    applications: Array.from({ length: APPLICATIONS }, (_, index) => ({
      name: `app-${index}`,
      preferredCluster: 'dr1',
      volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }],
    })),
    disasters: [{ kind: 'siteLoss', target: 'east', at: '6h' }],
  });

const stepsOf = (built: ReturnType<typeof fleet>, runIndex: number) =>
  summarizeRun(simulateRun(built, { runIndex })).applications.map((figures) => figures.breakdownMs);

describe('the loss of a cluster, as the applications on it see it', () => {
  it('is detected once per cluster: every application on it has the same detection step', () => {
    for (const runIndex of [0, 1, 2]) {
      const detections = new Set(stepsOf(fleet(), runIndex).map((steps) => steps.detection));
      expect(detections.size, `run ${runIndex}`).toBe(1);
    }
  });

  it('is declared once per disaster by default: the same decision delay for every application', () => {
    for (const runIndex of [0, 1, 2]) {
      const decisions = new Set(stepsOf(fleet(), runIndex).map((steps) => steps.decision));
      expect(decisions.size, `run ${runIndex}`).toBe(1);
    }
  });

  it('with decisionScope application, each application owner decides alone', () => {
    const steps = stepsOf(fleet({ decisionScope: 'application' }), 0);
    expect(new Set(steps.map((step) => step.detection)).size).toBe(1);
    // Eight draws from a 15-minute range in whole milliseconds: distinct.
    expect(new Set(steps.map((step) => step.decision)).size).toBe(APPLICATIONS);
  });

  it('keeps the detection within the timing the scenario gives', () => {
    const steps = stepsOf(fleet(), 0);
    // The default detection is OCM's lease: uniform over the grace period (see docs/scenario-reference.md).
    expect(steps[0].detection).toBeGreaterThan(0);
    expect(steps[0].decision).toBeGreaterThanOrEqual(5 * 60_000);
    expect(steps[0].decision).toBeLessThanOrEqual(20 * 60_000);
  });
});
