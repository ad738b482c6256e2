/**
 * How an application is deployed decides what its failover waits for:
 * - Discovered: its objects come back from the kube-object capture through a
 *   Velero Restore, and Velero restores one at a time per cluster, so with N
 *   applications failing over to one cluster the k-th waits for k - 1
 *   restores before its own; no placement follows (Ramen restores it);
 * - Subscription: ACM deploys it where the placement points; Ramen's
 *   checkReadiness does not wait for KubeObjectsReady, so even a captured
 *   Subscription app does not wait for its Velero restore;
 * - ApplicationSet: as Subscription, after the Argo CD ApplicationSet
 *   controller's next requeue, uniform over 180 s.
 *
 * Timings are the builder's constants: s3OperationTime 1 s, restoreBaseTime
 * 29 s, restorePerObjectTime 50 ms, placementUpdateDelay 19 s, podStartTime
 * 23 s. The east site is lost with its S3 store, which sorts first: each
 * restore loses the 12 s deadline once on it. For one volume the cluster data
 * restore is 12 s + 3 reads x 1 s = 15 s; a Velero restore of 40 objects is
 * 12 s + 29 s + 40 x 50 ms = 43 s.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { parseScenarioObject } from '../../src/scenarios/index.js';
import { CONSTANT_TIMINGS, scenario, scenarioDocument } from './scenario-builder.js';

const SECOND = 1000;
const CLUSTER_DATA_MS = 15 * SECOND;
const VELERO_MS = 43 * SECOND;
const PLACEMENT_MS = 19 * SECOND;
const PROTECTION = { objects: 40 };

const fleet = (count: number, deployment: string | undefined, kubeObjectProtection: object | undefined = PROTECTION) =>
  scenario({
    timings: CONSTANT_TIMINGS,
    applications: Array.from({ length: count }, (_, index) => ({
      name: `app-${index}`,
      preferredCluster: 'dr1',
      ...(deployment ? { deployment } : {}),
      ...(kubeObjectProtection ? { kubeObjectProtection } : {}),
      volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }],
    })),
    disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }],
  });

const figuresOf = (built: ReturnType<typeof fleet>, runIndex = 0) => summarizeRun(simulateRun(built, { runIndex })).applications;

describe('Discovered applications failing over together', () => {
  it('queue for the target cluster\'s Velero: the k-th restore step is 15 s + k x 43 s', () => {
    const restores = figuresOf(fleet(5, 'Discovered')).map((figures) => figures.breakdownMs.restore).sort((a, b) => a - b);
    expect(restores).toEqual([1, 2, 3, 4, 5].map((k) => CLUSTER_DATA_MS + k * VELERO_MS));
  });

  it('restore two at a time with veleroRestoreConcurrency 2', () => {
    const built = fleet(4, 'Discovered');
    const parallel = { ...built, spec: { ...built.spec, timings: { ...built.spec.timings, veleroRestoreConcurrency: 2 } } };
    const restores = figuresOf(parallel).map((figures) => figures.breakdownMs.restore).sort((a, b) => a - b);
    expect(restores).toEqual([1, 1, 2, 2].map((k) => CLUSTER_DATA_MS + k * VELERO_MS));
  });

  it('follow no placement: the restore brings them back, so no placement delay', () => {
    const [discovered] = figuresOf(fleet(1, 'Discovered'));
    const [subscription] = figuresOf(fleet(1, 'Subscription'));
    // The Subscription app skips the Velero restore but waits for ACM to place it.
    expect(discovered.rtoMs - subscription.rtoMs).toBe(VELERO_MS - PLACEMENT_MS);
  });
});

describe('GitOps applications', () => {
  it('do not wait for a Velero restore even when captured: their objects come from Git', () => {
    const restores = figuresOf(fleet(5, 'Subscription')).map((figures) => figures.breakdownMs.restore);
    expect(restores).toEqual(Array(5).fill(CLUSTER_DATA_MS));
  });

  it('an ApplicationSet follows the placement at the next requeue: up to 180 s more than a Subscription, 90 s on average', () => {
    const runs = 60;
    const extra: number[] = [];
    for (let runIndex = 0; runIndex < runs; runIndex++) {
      const [appSet] = figuresOf(fleet(1, 'ApplicationSet', undefined), runIndex);
      const [subscription] = figuresOf(fleet(1, 'Subscription', undefined), runIndex);
      extra.push(appSet.rtoMs - subscription.rtoMs);
    }
    for (const wait of extra) {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(180 * SECOND);
    }
    // Uniform over 180 s: mean 90 s, standard error 180 / sqrt(12 x 60) = 6.7 s; four of them.
    const mean = extra.reduce((sum, wait) => sum + wait, 0) / runs;
    expect(Math.abs(mean - 90 * SECOND)).toBeLessThan(27 * SECOND);
  });
});

describe('the deployment field', () => {
  it('defaults to Discovered with kubeObjectProtection and Subscription without', () => {
    const built = scenario({
      applications: [
        { name: 'captured', kubeObjectProtection: PROTECTION, volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
        { name: 'gitops', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
      ],
    });
    expect(built.spec.applications.map((application) => application.deployment)).toEqual(['Discovered', 'Subscription']);
  });

  it('refuses a Discovered application without kubeObjectProtection, naming the field', () => {
    const result = parseScenarioObject(
      scenarioDocument({ applications: [{ name: 'app', deployment: 'Discovered', volumes: [{ name: 'data', size: '1Gi' }] }] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((issue) => issue.path)).toContain('spec.applications[0].deployment');
    expect(result.errors.find((issue) => issue.path === 'spec.applications[0].deployment')!.message).toMatch(/kubeObjectProtection/);
  });

  it('refuses an unknown deployment, listing the kinds', () => {
    const result = parseScenarioObject(scenarioDocument({ applications: [{ name: 'app', deployment: 'Helm', volumes: [{ name: 'data', size: '1Gi' }] }] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].message).toMatch(/Subscription, ApplicationSet, Discovered/);
  });
});
