import { describe, expect, test } from 'vitest';
import { MAX_SCENARIO_BYTES, formatIssues, loadScenario, parseScenarioObject, type ScenarioIssue } from '../../src/scenarios/index.js';
import { fixtureObject, fixtureText } from './fixtures.js';

const MINIMAL = fixtureText('minimal.yaml');

/** Line and column (1-based) of the only occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0 || text.indexOf(needle, offset + 1) >= 0) throw new Error(`needle ${JSON.stringify(needle)} must occur exactly once`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function edit(text: string, from: string, to: string): string {
  positionOf(text, from);
  return text.replace(from, to);
}

const append = (lines: string) => `${MINIMAL.trimEnd()}\n${lines}\n`;

interface MalformedCase {
  name: string;
  text: string;
  path: string;
  value: unknown;
  /** Where the issue must point; defaults to the value as written. */
  at?: string;
  mentions?: string;
}

const cases: MalformedCase[] = [
  {
    name: 'a bandwidth with a bad unit',
    text: edit(MINIMAL, 'bandwidth: 1Gbps', 'bandwidth: 1 Gbpss'),
    path: 'spec.links[0].bandwidth',
    value: '1 Gbpss',
    mentions: 'expected a bandwidth such as 1Gbps, 100Mbps or 125MB/s',
  },
  { name: 'a duration without a unit', text: edit(MINIMAL, 'rtt: 5ms', 'rtt: 30'), path: 'spec.links[0].rtt', value: 30, at: '30}', mentions: 'needs a unit' },
  { name: 'a size with an unknown suffix', text: edit(MINIMAL, 'size: 1Gi', 'size: 1Gx'), path: 'spec.applications[0].volumes[0].size', value: '1Gx' },
  { name: 'an unknown cluster in drClusters', text: edit(MINIMAL, '[dr1, dr2]', '[dr1, dr3]'), path: 'spec.drPolicy.drClusters[1]', value: 'dr3', mentions: 'one of the clusters: dr1, dr2' },
  {
    name: 'three drClusters',
    text: edit(MINIMAL, '[dr1, dr2]', '[dr1, dr2, dr1]'),
    path: 'spec.drPolicy.drClusters',
    value: ['dr1', 'dr2', 'dr1'],
    at: '[dr1, dr2, dr1]',
    mentions: 'exactly two cluster names',
  },
  {
    name: 'a negative write rate',
    text: edit(MINIMAL, 'writeRate: 1KiB/s', 'writeRate: -1MiB/s'),
    path: 'spec.applications[0].volumes[0].writeRate',
    value: '-1MiB/s',
    mentions: 'negative',
  },
  {
    name: 'a wrong disaster kind',
    text: append('  disasters: [{kind: siteLost, target: east, at: 1d}]'),
    path: 'spec.disasters[0].kind',
    value: 'siteLost',
    mentions: 'siteLoss, clusterLoss, hubLoss, linkCut, s3Outage',
  },
  { name: 'a wrong apiVersion', text: edit(MINIMAL, 'drsim.dev/v1alpha1', 'drsim.dev/v1'), path: 'apiVersion', value: 'drsim.dev/v1', mentions: '"drsim.dev/v1alpha1"' },
  { name: 'a wrong kind', text: edit(MINIMAL, 'kind: Scenario', 'kind: Simulation'), path: 'kind', value: 'Simulation' },
  {
    name: 'duplicate cluster names',
    text: edit(MINIMAL, '{name: dr2, site: west', '{name: dr1, site: west'),
    path: 'spec.clusters[1].name',
    value: 'dr1',
    at: 'dr1, site: west',
    mentions: 'already the name of clusters[0]',
  },
  { name: 'a scheduling interval in seconds', text: edit(MINIMAL, 'schedulingInterval: 1m', 'schedulingInterval: 90s'), path: 'spec.drPolicy.schedulingInterval', value: '90s', mentions: 'whole minutes' },
  { name: 'a scheduling interval with an unknown unit', text: edit(MINIMAL, 'schedulingInterval: 1m', 'schedulingInterval: 5x'), path: 'spec.drPolicy.schedulingInterval', value: '5x' },
  { name: 'a zero scheduling interval', text: edit(MINIMAL, 'schedulingInterval: 1m', 'schedulingInterval: 0m'), path: 'spec.drPolicy.schedulingInterval', value: '0m', mentions: 'at least 1m' },
  {
    name: 'a working set larger than the size',
    text: edit(MINIMAL, 'size: 1Gi,', 'size: 1Gi, workingSet: 2Gi,'),
    path: 'spec.applications[0].volumes[0].workingSet',
    value: '2Gi',
    mentions: 'working set <= size (1Gi)',
  },
  {
    name: 'allocated bytes larger than the size',
    text: edit(MINIMAL, 'size: 1Gi,', 'size: 1Gi, allocated: 2Gi,'),
    path: 'spec.applications[0].volumes[0].allocated',
    value: '2Gi',
    mentions: 'allocated bytes <= size (1Gi)',
  },
  {
    name: 'a working set larger than the allocated bytes',
    text: edit(MINIMAL, 'size: 1Gi,', 'size: 1Gi, allocated: 512Mi, workingSet: 768Mi,'),
    path: 'spec.applications[0].volumes[0].workingSet',
    value: '768Mi',
    mentions: 'working set <= allocated (512Mi)',
  },
  {
    name: 'a zero random write size',
    text: edit(MINIMAL, 'size: 1Gi,', 'size: 1Gi, randomWriteSize: 0,'),
    path: 'spec.applications[0].volumes[0].randomWriteSize',
    value: 0,
    mentions: 'a write size > 0',
  },
  {
    name: 'a lognormal p95 below its median',
    text: append('  response: {decisionDelay: {lognormal: {median: 10m, p95: 5m}}}'),
    path: 'spec.response.decisionDelay.lognormal.p95',
    value: '5m',
    at: '5m}}}',
    mentions: 'below the median 10m',
  },
  {
    name: 'uniform bounds in the wrong order',
    text: append('  timings: {promoteTime: {uniform: [2m, 1m]}}'),
    path: 'spec.timings.promoteTime.uniform[1]',
    value: '1m',
    at: '1m]}}',
  },
  { name: 'an unknown disaster target', text: append('  disasters: [{kind: siteLoss, target: north, at: 1d}]'), path: 'spec.disasters[0].target', value: 'north', mentions: 'one of the sites: east, west' },
  {
    name: 'a clusterLoss aimed at a site',
    text: append('  disasters: [{kind: clusterLoss, target: east, at: 1d}]'),
    path: 'spec.disasters[0].target',
    value: 'east',
    at: 'east, at: 1d',
    mentions: 'one of the clusters',
  },
  { name: 'an unknown hub site', text: edit(MINIMAL, 'hub: {site: west}', 'hub: {site: nowhere}'), path: 'spec.hub.site', value: 'nowhere' },
  {
    name: 'an unknown S3 profile',
    text: edit(MINIMAL, 's3ProfileName: s3-west}', 's3ProfileName: s3-north}'),
    path: 'spec.clusters[1].s3ProfileName',
    value: 's3-north',
  },
  {
    name: 'journal mirroring with Metro-DR',
    text: edit(MINIMAL, 'schedulingInterval: 1m}', 'schedulingInterval: "", mirroringMode: journal}'),
    path: 'spec.drPolicy.mirroringMode',
    value: 'journal',
  },
  {
    name: 'a failover cluster equal to the preferred cluster',
    text: edit(MINIMAL, '- name: busybox', '- name: busybox\n      preferredCluster: dr2\n      failoverCluster: dr2'),
    path: 'spec.applications[0].failoverCluster',
    value: 'dr2',
    at: 'dr2\n      volumes',
  },
  { name: 'an operation on an unknown application', text: append('  operations: [{action: Relocate, at: 3d, app: billing}]'), path: 'spec.operations[0].app', value: 'billing' },
  { name: 'too many runs', text: append('  runs: 1000000'), path: 'spec.runs', value: 1_000_000, mentions: 'an integer from 1 to 100000' },
  { name: 'a horizon over the limit', text: append('  horizon: 400d'), path: 'spec.horizon', value: '400d', mentions: 'limit of 365d' },
  {
    name: 'a misspelt field',
    text: edit(MINIMAL, 'bandwidth: 1Gbps', 'bandwdth: 1Gbps'),
    path: 'spec.links[0].bandwdth',
    value: 'bandwdth',
    at: 'bandwdth',
    mentions: 'did you mean "bandwidth"',
  },
  {
    name: 'a retired field, with what replaced it',
    text: append('  timings: {fencingTime: 30s}'),
    path: 'spec.timings.fencingTime',
    value: 'fencingTime',
    at: 'fencingTime',
    mentions: 'was retired: Metro-DR fencing now takes the ManifestWork, timings.networkFenceTime',
  },
  {
    name: 'no link between the DR clusters',
    text: edit(MINIMAL, '  links: [{between: [east, west], bandwidth: 1Gbps, rtt: 5ms}]\n', ''),
    path: 'spec.drPolicy.drClusters',
    value: ['dr1', 'dr2'],
    at: '[dr1, dr2]',
    mentions: 'a link in spec.links between sites east and west',
  },
  { name: 'a percentile of 0', text: append('  objectives: {percentile: 0}'), path: 'spec.objectives.percentile', value: 0, at: '0}' },
  {
    name: 'a disaster after the horizon',
    text: append('  disasters: [{kind: siteLoss, target: east, at: 8d}]'),
    path: 'spec.disasters[0].at',
    value: '8d',
    mentions: 'within the horizon (7d)',
  },
  {
    name: 'a linkCut from its own site',
    text: append('  disasters: [{kind: linkCut, target: east, at: 1d, from: [west, east]}]'),
    path: 'spec.disasters[0].from[1]',
    value: 'east',
    at: 'east]',
  },
  {
    name: 'a diurnal peak above twice the mean',
    text: edit(MINIMAL, 'writeRate: 1KiB/s', 'writeRate: {diurnal: {mean: 1MiB/s, peak: 3MiB/s, peakAt: 14h}}'),
    path: 'spec.applications[0].volumes[0].writeRate.diurnal.peak',
    value: '3MiB/s',
  },
  {
    name: 'a series whose period is not step x its rates',
    text: edit(MINIMAL, 'writeRate: 1KiB/s', 'writeRate: {series: {step: 1h, period: 1d, rates: [1MiB/s, 2MiB/s]}}'),
    path: 'spec.applications[0].volumes[0].writeRate.series.period',
    value: '1d',
    mentions: '2 rates of 1h last 2h',
  },
  {
    name: 'a series rate without a unit',
    text: edit(MINIMAL, 'writeRate: 1KiB/s', 'writeRate: {series: {step: 12h, period: 1d, rates: [1MiB/s, 7]}}'),
    path: 'spec.applications[0].volumes[0].writeRate.series.rates[1]',
    value: 7,
    at: '7]',
  },
  {
    name: 'bursts longer than their period',
    text: edit(MINIMAL, 'writeRate: 1KiB/s', 'writeRate: {bursts: {base: 1MiB/s, burst: 5MiB/s, duration: 2h, every: 1h}}'),
    path: 'spec.applications[0].volumes[0].writeRate.bursts.duration',
    value: '2h',
  },
  {
    name: 'a random quantity of unknown form',
    text: append('  response: {decisionDelay: {unifrm: [1m, 2m]}}'),
    path: 'spec.response.decisionDelay',
    value: { unifrm: ['1m', '2m'] },
    at: '{unifrm',
    mentions: '{uniform: [a, b]}',
  },
  { name: 'a VM count over the limit', text: edit(MINIMAL, '- name: busybox', '- name: busybox\n      vms: [{name: vm, count: 20000, disks: [{size: 1Gi, writeRate: 0}]}]'), path: 'spec.applications[0].vms[0].count', value: 20000 },
  { name: 'an upper-case name', text: edit(MINIMAL, '{name: minimal}', '{name: Minimal}'), path: 'metadata.name', value: 'Minimal' },
  { name: 'a CIDR that is not one', text: edit(MINIMAL, 's3ProfileName: s3-east}', 's3ProfileName: s3-east, cidrs: [10.0.1.0/33]}'), path: 'spec.clusters[0].cidrs[0]', value: '10.0.1.0/33' },
];

describe('malformed scenarios are refused with the path, position and value of the problem', () => {
  test('there are enough cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases)('$name', ({ text, path, value, at, mentions }) => {
    const result = loadScenario(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.errors.find((candidate) => candidate.path === path);
    expect(issue, `no issue at ${path} among:\n${formatIssues(result.errors)}`).toBeDefined();
    if (!issue) return;
    expect(issue.value).toEqual(value);
    expect({ line: issue.line, column: issue.column }).toEqual(positionOf(text, at ?? String(value)));
    if (mentions) expect(issue.message).toContain(mentions);
    expect(issue.message).not.toMatch(/Invalid input|at \w+ \(.*:\d+:\d+\)/);
  });
});

describe('syntax and size', () => {
  function onlyError(text: string, format?: 'yaml' | 'json'): ScenarioIssue {
    const result = loadScenario(text, { format });
    if (result.ok) throw new Error('accepted');
    expect(result.errors).toHaveLength(1);
    return result.errors[0];
  }

  test('a YAML syntax error has its line and column', () => {
    const text = edit(MINIMAL, 'hub: {site: west}', 'hub: {site: west');
    const issue = onlyError(text);
    expect(issue.message).toMatch(/^YAML syntax error: /);
    expect(issue.line).toBeGreaterThanOrEqual(positionOf(text, 'hub: {site: west').line);
    expect(issue.column).toBeGreaterThan(0);
  });

  test('duplicate YAML keys are refused', () => {
    const text = edit(MINIMAL, 'kind: Scenario', 'kind: Scenario\nkind: Scenario');
    const issue = onlyError(text);
    expect(issue.message).toContain('unique');
    expect(issue.line).toBe(positionOf(text, 'metadata').line - 1);
  });

  test('a JSON syntax error has its line and column', () => {
    const issue = onlyError('{\n  "apiVersion": "drsim.dev/v1alpha1",\n  "kind": "Scenario",,\n}', 'json');
    expect(issue.message).toMatch(/^JSON syntax error: /);
    expect(issue.line).toBe(3);
  });

  test('an empty document', () => {
    const issue = onlyError('');
    expect(issue.path).toBe('');
    expect(issue.message).toContain('expected');
  });

  test(`a document over ${MAX_SCENARIO_BYTES} bytes is refused before parsing`, () => {
    const issue = onlyError(`${MINIMAL}#${'x'.repeat(MAX_SCENARIO_BYTES)}\n`);
    expect(issue.message).toContain('at most 1MiB');
  });
});

describe('every error at once', () => {
  test('three independent mistakes give three issues, in file order', () => {
    let text = edit(MINIMAL, 'bandwidth: 1Gbps', 'bandwidth: 1Gbpz');
    text = edit(text, 'hub: {site: west}', 'hub: {site: north}');
    text = edit(text, 'size: 1Gi', 'size: 1Gi, workingSet: 3Gi');
    const result = loadScenario(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((issue) => issue.path)).toEqual([
      'spec.hub.site',
      'spec.links[0].bandwidth',
      'spec.applications[0].volumes[0].workingSet',
    ]);
  });

  test('a cross-field mistake is reported beside a unit mistake', () => {
    const object = fixtureObject('minimal.yaml');
    object.spec.drPolicy.drClusters = ['dr1', 'dr9'];
    object.spec.links[0].rtt = 'soon';
    object.spec.runs = 0;
    object.spec.applications[0].volumes[0].writeRate = { diurnal: { mean: '1MiB/s', peak: '0.5MiB/s', peakAt: '1h' } };
    const result = parseScenarioObject(object);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((issue) => issue.path).sort()).toEqual(
      [
        'spec.applications[0].volumes[0].writeRate.diurnal.peak',
        'spec.drPolicy.drClusters[1]',
        'spec.links[0].rtt',
        'spec.runs',
      ].sort(),
    );
    expect(result.errors.every((issue) => issue.line === undefined)).toBe(true);
  });

  test('issues render as file:line:col  path: got X, expected Y', () => {
    const text = edit(MINIMAL, 'bandwidth: 1Gbps', 'bandwidth: 1 Gbpss');
    const result = loadScenario(text);
    if (result.ok) throw new Error('accepted');
    const { line, column } = positionOf(text, '1 Gbpss');
    expect(formatIssues(result.errors, 'regional.yaml')).toBe(
      `regional.yaml:${line}:${column}  spec.links[0].bandwidth: got "1 Gbpss" (unknown unit in "1 Gbpss"), expected a bandwidth such as 1Gbps, 100Mbps or 125MB/s`,
    );
  });

  test('bad input of any shape never throws', () => {
    for (const input of [null, 42, 'text', [], { apiVersion: 1 }, { spec: [] }, { spec: { sites: 'x', clusters: [null], drPolicy: { drClusters: 7 } } }]) {
      const result = parseScenarioObject(input);
      expect(result.ok).toBe(false);
    }
    for (const text of ['[', '- a\n- b', ': :', '{a: *x}', '---\na: 1\n---\nb: 2\n', '\t\tx']) {
      expect(loadScenario(text).ok).toBe(false);
    }
  });
});
