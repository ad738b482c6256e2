/**
 * Scenarios for model tests, written as the user would (units as text) and
 * parsed by the real loader, so every test runs what a scenario file gives.
 * `scenario(overrides)` deep-merges the overrides into a small Regional-DR
 * base: three sites (east, west, witness with the hub), one 1 Gbps link, a
 * 1m policy and one application `app` with one 1 GiB volume on dr1.
 */
import { parseScenarioObject, type Scenario } from '../../src/scenarios/index.js';

type Plain = Record<string, unknown>;

export const BASE_SPEC: Plain = {
  seed: 1,
  runs: 1,
  horizon: '1d',
  sites: [{ name: 'east' }, { name: 'west' }, { name: 'witness' }],
  hub: { site: 'witness', restoreTime: '30m' },
  clusters: [
    { name: 'dr1', site: 'east', s3ProfileName: 's3-east' },
    { name: 'dr2', site: 'west', s3ProfileName: 's3-west' },
  ],
  links: [{ between: ['east', 'west'], bandwidth: '1Gbps', rtt: '5ms' }],
  s3Profiles: [
    { name: 's3-east', site: 'east' },
    { name: 's3-west', site: 'west' },
  ],
  drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '1m' },
  applications: [{ name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] }],
};

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge(base: Plain, overrides: Plain): Plain {
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = isPlain(value) && isPlain(base[key]) ? deepMerge(base[key] as Plain, value) : value;
  }
  return merged;
}

/** The scenario document (before parsing) with `spec` overrides merged in. */
export function scenarioDocument(spec: Plain = {}, name = 'model-test'): Plain {
  return { apiVersion: 'drsim.dev/v1alpha1', kind: 'Scenario', metadata: { name }, spec: deepMerge(BASE_SPEC, spec) };
}

/** Parses the base with `spec` overrides; throws with every error if the scenario is invalid. */
export function scenario(spec: Plain = {}, name?: string): Scenario {
  const result = parseScenarioObject(scenarioDocument(spec, name));
  if (!result.ok) {
    throw new Error(`invalid test scenario:\n${result.errors.map((issue) => `${issue.path}: ${issue.message}`).join('\n')}`);
  }
  return result.scenario;
}

/** A Metro-DR variant: the two data sites in one stretched cluster pair (schedulingInterval ""). */
export function metroSpec(spec: Plain = {}): Plain {
  return deepMerge({ drPolicy: { schedulingInterval: '' }, links: [{ between: ['east', 'west'], bandwidth: '10Gbps', rtt: '2ms' }] }, spec);
}

/** Every step a constant, each a different number of seconds, so that each sum names its steps. */
export const CONSTANT_TIMINGS = {
  manifestWorkDelay: '7s',
  vrgReconcile: '11s',
  promoteTime: '13s',
  orderlyPromoteTime: '3s',
  s3OperationTime: '1s',
  managedClusterViewDelay: '17s',
  placementUpdateDelay: '19s',
  podStartTime: '23s',
  appStopTime: '5s',
  cleanupRequeue: '10s',
  demotionRequeue: '15s',
  resyncRequeue: '30s',
  restoreBaseTime: '29s',
  maintenanceModeActivation: '12s',
};
