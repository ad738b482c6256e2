import { describe, expect, test } from 'vitest';
import { mean, type Distribution } from '../../src/sim/distributions.js';
import { TimingsSchema, parseScenarioObject } from '../../src/scenarios/index.js';
import { fixtureObject } from './fixtures.js';

const timings = TimingsSchema.parse({});
const seconds = (value: Distribution | number) => (typeof value === 'number' ? value : mean(value)) / 1000;

describe('timing defaults', () => {
  test('every timing names where its default comes from', () => {
    const shape = TimingsSchema.toJSONSchema({ io: 'input' }).properties as Record<string, { description?: string; default?: unknown }>;
    for (const [name, field] of Object.entries(shape)) {
      expect(field.default, name).toBeDefined();
      expect(field.description, name).toMatch(/ramen-facts|storage-facts|DOMAIN|OCM|[Cc]hosen/);
    }
  });

  test('the constants taken from the references', () => {
    expect(timings.csiOperationTimeout).toBe(180_000);
    expect(timings.s3OperationTimeout).toBe(12_000);
    expect(timings.failedOverPhaseDelay).toBe(15_000);
    expect(timings.demotionRequeue).toBe(15_000);
    expect(timings.resyncRequeue).toBe(30_000);
    expect(timings.managedClusterViewRefresh).toBe(30_000);
    expect(timings.schedulerLagMax).toBe(0);
    expect(timings.schedulerBatch).toBe(10);
    expect(timings.concurrentImageSyncs).toBe(5);
    expect(timings.maxMirroringSnapshots).toBe(5);
    expect(timings.objectSize).toBe(4 * 2 ** 20);
    expect(timings.dirtyGranularity).toBe('extent');
    expect(timings.metroMaxRtt).toBe(10);
    expect(timings.metroIoStall).toEqual({ kind: 'uniform', min: 20_000, max: 30_000 });
  });

  test('maxMirroringSnapshots below Ceph\'s minimum of 3 is refused', () => {
    const object = fixtureObject('minimal.yaml');
    object.spec.timings = { maxMirroringSnapshots: 2 };
    const result = parseScenarioObject(object);
    expect(!result.ok && result.errors.map((issue) => issue.path)).toEqual(['spec.timings.maxMirroringSnapshots']);
  });

  /*
   * The upstream e2e test (ramen-facts 5.1) fails over one 1Gi busybox PVC of a
   * Subscription app under a 1m policy, hub-driven with both clusters up, and
   * measures until the DRPC is Available, PeerReady, Completed and reports a
   * lastGroupSyncTime: 212-393 s; relocate: 119-568 s. The mean step times
   * below must land in those ranges.
   */
  test('a directly triggered failover lands in the measured 212-393 s', () => {
    const pvRestore = 3 * seconds(timings.s3OperationTime); // VRG, PV and PVC objects
    const applicationReady =
      seconds(timings.manifestWorkDelay) + // VRG primary ManifestWork to the target
      seconds(timings.vrgReconcile) +
      seconds(timings.promoteTime) +
      pvRestore +
      seconds(timings.managedClusterViewDelay) + // hub sees the VRG primary and ready
      seconds(timings.placementUpdateDelay) +
      seconds(timings.podStartTime);
    const reprotected =
      applicationReady +
      seconds(timings.cleanupRequeue) +
      seconds(timings.manifestWorkDelay) + // old VRG to secondary
      seconds(timings.managedClusterViewDelay) + // hub observes it, removes the old placement
      seconds(timings.placementUpdateDelay) +
      seconds(timings.appStopTime) +
      seconds(timings.vrgReconcile) +
      seconds(timings.demotionRequeue) +
      seconds(timings.resyncRequeue) + // a 1Gi resync completes within one poll
      seconds(timings.managedClusterViewDelay); // PeerReady
    expect(applicationReady).toBeGreaterThan(60);
    expect(applicationReady).toBeLessThan(212);
    expect(reprotected).toBeGreaterThanOrEqual(212);
    expect(reprotected).toBeLessThanOrEqual(393);
  });

  test('a relocate lands in the measured 119-568 s', () => {
    const relocate =
      seconds(timings.placementUpdateDelay) + // ClearingPlacement
      seconds(timings.appStopTime) +
      seconds(timings.manifestWorkDelay) + // EnsuringVolumesAreSecondary
      seconds(timings.vrgReconcile) +
      seconds(timings.demotionRequeue) +
      seconds(timings.resyncRequeue) +
      seconds(timings.managedClusterViewDelay) +
      seconds(timings.manifestWorkDelay) + // VRG primary on the preferred cluster
      seconds(timings.vrgReconcile) +
      seconds(timings.orderlyPromoteTime) +
      3 * seconds(timings.s3OperationTime) +
      seconds(timings.managedClusterViewDelay) +
      seconds(timings.placementUpdateDelay) +
      seconds(timings.podStartTime) +
      seconds(timings.cleanupRequeue) + // Cleaning Up, PeerReady
      seconds(timings.manifestWorkDelay) +
      seconds(timings.managedClusterViewDelay);
    expect(relocate).toBeGreaterThanOrEqual(119);
    expect(relocate).toBeLessThanOrEqual(568);
  });
});
