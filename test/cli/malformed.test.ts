/**
 * Malformed scenarios, as users get them wrong: each must exit 2 with a
 * message naming the field (or the position, for syntax errors), and never a
 * stack trace.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STACK_FRAME, drsim, fixture, scratchDirectory, writeScenario, type Outcome } from './drsim.js';

const BASE = readFileSync(fixture('small-regional.yaml'), 'utf8');

interface MalformedCase {
  name: string;
  /** [text in the base scenario, its replacement], applied in order; or a whole document. */
  edits?: [string, string][];
  document?: string;
  file?: string;
  /** What stderr must say: the field path with the value, or the position. */
  expected: RegExp;
}

const BOOT_AFTER_DISK = '            - {size: 20Gi, workingSet: 4Gi, writeRate: 2MiB/s}';

const CASES: MalformedCase[] = [
  { name: 'bandwidth with a bad unit', edits: [['bandwidth: 1Gbps', 'bandwidth: 1 Gbpss']], expected: /spec\.links\[0\]\.bandwidth: got "1 Gbpss"/ },
  { name: 'a duration in words', edits: [['rtt: 20ms', 'rtt: 5 minutes']], expected: /spec\.links\[0\]\.rtt: got "5 minutes"/ },
  {
    name: 'an unknown cluster in preferredCluster',
    edits: [['    - name: shop\n', '    - name: shop\n      preferredCluster: dr9\n']],
    expected: /spec\.applications\[0\]\.preferredCluster: got "dr9"/,
  },
  { name: 'three drClusters', edits: [['drClusters: [dr1, dr2]', 'drClusters: [dr1, dr2, dr1]']], expected: /spec\.drPolicy\.drClusters: got \["dr1","dr2","dr1"\]/ },
  { name: 'a negative write rate', edits: [['writeRate: 2MiB/s', 'writeRate: -2MiB/s']], expected: /disks\[0\]\.writeRate: got "-2MiB\/s" \(must not be negative\)/ },
  { name: 'the wrong kind', edits: [['kind: Scenario', 'kind: Scenarios']], expected: /kind: got "Scenarios", expected "Scenario"/ },
  { name: 'the wrong apiVersion', edits: [['apiVersion: drsim.dev/v1alpha1', 'apiVersion: drsim.dev/v2']], expected: /apiVersion: got "drsim\.dev\/v2"/ },
  { name: 'a YAML syntax error', edits: [['sites: [{name: east},', 'sites: [{name: east,']], expected: /:12:\d+\s+YAML syntax error/ },
  {
    name: 'duplicate application names',
    edits: [['  disasters:', '    - name: shop\n      volumes: [{name: data, size: 1Gi, writeRate: 1KiB/s}]\n  disasters:']],
    expected: /spec\.applications\[1\]\.name: got "shop" \(already the name of applications\[0\]\)/,
  },
  { name: 'an interval in seconds', edits: [['schedulingInterval: 5m', 'schedulingInterval: 90s']], expected: /spec\.drPolicy\.schedulingInterval: got "90s"/ },
  { name: 'an interval with an unknown unit', edits: [['schedulingInterval: 5m', 'schedulingInterval: 5x']], expected: /spec\.drPolicy\.schedulingInterval: got "5x"/ },
  { name: 'a working set larger than the disk', edits: [['workingSet: 4Gi', 'workingSet: 40Gi']], expected: /disks\[0\]\.workingSet: got "40Gi" \(larger than the size\)/ },
  {
    name: 'a lognormal p95 below its median',
    edits: [[BOOT_AFTER_DISK, `${BOOT_AFTER_DISK}\n          boot: {lognormal: {median: 2m, p95: 40s}}`]],
    expected: /vms\[0\]\.boot\.lognormal\.p95: got "40s" \(below the median 2m\)/,
  },
  { name: 'an unknown disaster target', edits: [['target: east', 'target: north']], expected: /spec\.disasters\[0\]\.target: got "north"/ },
  { name: 'a disaster kind that does not exist', edits: [['kind: siteLoss', 'kind: meteorStrike']], expected: /spec\.disasters\[0\]\.kind: got "meteorStrike"/ },
  { name: 'percentile 0', edits: [['percentile: 95', 'percentile: 0']], expected: /spec\.objectives\.percentile: got 0/ },
  { name: 'percentile 150', edits: [['percentile: 95', 'percentile: 150']], expected: /spec\.objectives\.percentile: got 150/ },
  {
    name: 'journal mirroring with Metro-DR',
    edits: [['schedulingInterval: 5m', 'schedulingInterval: ""\n    mirroringMode: journal']],
    expected: /spec\.drPolicy\.mirroringMode: got "journal"/,
  },
  { name: 'a missing hub', edits: [['  hub: {site: witness}\n', '']], expected: /spec\.hub: missing/ },
  { name: 'a link to an unknown site', edits: [['between: [east, west]', 'between: [east, moon]']], expected: /spec\.links\[0\]\.between\[1\]: got "moon"/ },
  { name: 'an unknown S3 profile', edits: [['s3ProfileName: s3-east}', 's3ProfileName: s3-north}']], expected: /spec\.clusters\[0\]\.s3ProfileName: got "s3-north"/ },
  { name: 'runs: -1', edits: [['runs: 20', 'runs: -1']], expected: /spec\.runs: got -1/ },
  { name: 'horizon: 400d', edits: [['horizon: 1d', 'horizon: 400d']], expected: /spec\.horizon: got "400d" \(more than the limit of 365d\)/ },
  { name: 'a misspelt field', edits: [['  disasters:', '  disaster:']], expected: /spec\.disaster: unknown field "disaster" \(did you mean "disasters"\?\)/ },
  { name: 'a non-mapping document', document: '- just\n- a list\n', expected: /got \["just","a list"\], expected an object with the fields apiVersion/ },
  { name: 'a JSON syntax error', document: '{"apiVersion": "drsim.dev/v1alpha1", "kind": ', file: 'broken.json', expected: /JSON syntax error/ },
];

function scenarioText(entry: MalformedCase): string {
  if (entry.document !== undefined) return entry.document;
  let text = BASE;
  for (const [from, to] of entry.edits ?? []) {
    if (!text.includes(from)) throw new Error(`${entry.name}: the base scenario has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

/** Runs the commands a few at a time: enough to overlap process start-up on two cores. */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

describe('malformed scenarios', () => {
  it(`covers at least 20 ways to get a scenario wrong (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it('each exits 2 naming the field, with no stack trace', async () => {
    const directory = scratchDirectory();
    const files = CASES.map((entry, index) => writeScenario(directory, entry.file ?? `case-${index}.yaml`, scenarioText(entry)));
    const outcomes: Outcome[] = await inBatches(files, 4, (file) => drsim(['run', file, '--runs', '2']));
    const failures = CASES.flatMap((entry, index) => {
      const outcome = outcomes[index];
      const problems = [
        outcome.code !== 2 && `exit ${outcome.code}`,
        !entry.expected.test(outcome.stderr) && `stderr does not match ${entry.expected}`,
        STACK_FRAME.test(outcome.stderr) && 'stack trace on stderr',
        outcome.stdout !== '' && 'output on stdout',
      ].filter((problem) => problem !== false);
      return problems.length > 0 ? [`${entry.name}: ${problems.join(', ')}\n${outcome.stderr}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('the unmodified base scenario is valid, so each case fails for its own edit', async () => {
    const outcome = await drsim(['validate', fixture('small-regional.yaml')]);
    expect(outcome.code).toBe(0);
  });
});
