/**
 * The report data: CDF samples, the representative run (closest to the
 * median RTO, re-simulated with the same digest), workflow steps that tile
 * the RTO and add up to its breakdown, the sawtooth's exact vertices and an
 * envelope-preserving downsample; and what `drsim report` accepts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStudy, type Study } from '../../src/analysis/monte-carlo.js';
import { MAX_CDF_POINTS, ReportDataSchema, buildReportData, sampleSet, type ReportData } from '../../src/analysis/report-data.js';
import { DETAIL_INTERVALS, MAX_LINE_VERTICES, applicationTimeline, downsample, rpoVertices } from '../../src/analysis/report-timeline.js';
import { recoveryPointSteps } from '../../src/analysis/rpo-timeline.js';
import { runOnce, type RunSummary } from '../../src/analysis/run-summary.js';
import { percentile } from '../../src/analysis/stats.js';
import { loadScenarioReference } from '../../src/cli/scenario-input.js';
import { RTO_STEPS } from '../../src/models/run-record.js';
import { simulateRun } from '../../src/models/simulate-run.js';
import { scenario } from '../models/scenario-builder.js';
import { ReportInputError, renderReportHtml, reportDocumentFromJson, writeRunOutputs } from '../../src/report/index.js';

describe('CDF samples', () => {
  it('keeps every run, sorted, up to the limit', () => {
    expect(sampleSet([3, 1, 2])).toEqual({ runs: 3, values: [1, 2, 3] });
  });

  it('thins many runs to evenly spaced quantiles, keeping the minimum and the maximum', () => {
    const values = Array.from({ length: 10_000 }, (_, index) => (index * 7919) % 10_000);
    const set = sampleSet(values);
    expect(set.runs).toBe(10_000);
    expect(set.values).toHaveLength(MAX_CDF_POINTS);
    expect(set.values[0]).toBe(0);
    expect(set.values.at(-1)).toBe(9_999);
    expect(set.values[(MAX_CDF_POINTS - 1) / 2]).toBeCloseTo(percentile(values, 50), 9);
    expect([...set.values].sort((a, b) => a - b)).toEqual(set.values);
  });
});

describe('sawtooth vertices', () => {
  // Interval 300, each sync 100 long: snapshots at 0, 300, 600 complete at 100, 400, 700.
  const steps = recoveryPointSteps([100, 400, 700], [0, 300, 600]);

  it('rise with slope 1 and drop where a sync completes', () => {
    expect(rpoVertices(steps, 100, 800)).toEqual([
      [100, 100],
      [400, 400],
      [400, 100],
      [700, 400],
      [700, 100],
      [800, 200],
    ]);
  });

  it('start inside a tooth when the window does', () => {
    expect(rpoVertices(steps, 250, 450)).toEqual([
      [250, 250],
      [400, 400],
      [400, 100],
      [450, 150],
    ]);
  });
});

describe('downsampling', () => {
  const teeth: [number, number][] = [];
  for (let tooth = 0; tooth < 5_000; tooth++) teeth.push([tooth * 10, 1 + (tooth % 7)], [tooth * 10 + 10, 11 + ((tooth * 13) % 17)]);

  it('keeps a short line whole', () => {
    expect(downsample(teeth.slice(0, 100), 3_000)).toEqual(teeth.slice(0, 100));
  });

  it('stays within the budget, in time order, with every extreme of the full line', () => {
    const kept = downsample(teeth, 1_000);
    expect(kept.length).toBeLessThanOrEqual(1_000);
    for (let index = 1; index < kept.length; index++) expect(kept[index][0]).toBeGreaterThanOrEqual(kept[index - 1][0]);
    expect(Math.max(...kept.map((vertex) => vertex[1]))).toBe(Math.max(...teeth.map((vertex) => vertex[1])));
    expect(Math.min(...kept.map((vertex) => vertex[1]))).toBe(Math.min(...teeth.map((vertex) => vertex[1])));
    expect(kept[0]).toEqual(teeth[0]);
    expect(kept.at(-1)).toEqual(teeth.at(-1));
  });
});

describe('report data of a study', () => {
  let study: Study;
  let data: ReportData;
  /** The same runs simulated one by one, outside the study. */
  let summaries: RunSummary[];

  beforeAll(async () => {
    const loaded = await loadScenarioReference('regional-5m-vms');
    study = await runStudy(loaded.scenario, { runs: 9, workers: 1 });
    data = buildReportData(study, { scenarioWarnings: ['a warning'] });
    summaries = Array.from({ length: 9 }, (_, runIndex) => runOnce(study.scenario, { runIndex }));
  });

  it('matches its schema and carries every run', () => {
    expect(ReportDataSchema.parse(data)).toEqual(data);
    expect(data.samples.rtoSeconds.runs).toBe(9);
    expect(data.samples.rpoSeconds.values).toEqual(summaries.map((run) => run.rpoMs / 1000).sort((a, b) => a - b));
    expect(data.scenarioWarnings).toEqual(['a warning']);
    expect(data.scenario.settings.find((setting) => setting.label === 'Replication')?.value).toContain('every 5m');
  });

  it('picks the run with the RTO closest to the median, simulated again to the same digest', () => {
    const run = data.representativeRun!;
    const median = percentile(summaries.map((summary) => summary.rtoMs), 50);
    const chosen = summaries[run.runIndex];
    for (const summary of summaries) {
      expect(Math.abs(chosen.rtoMs - median)).toBeLessThanOrEqual(Math.abs(summary.rtoMs - median));
    }
    expect(run.traceDigest).toBe(chosen.traceDigest);
  });

  it('lays the workflow steps end to end from the trigger to ready, adding up to the RTO breakdown', () => {
    const run = data.representativeRun!;
    const timeline = run.applications[0];
    const figures = summaries[run.runIndex].applications[0];
    expect(timeline.steps.length).toBeGreaterThan(0);
    expect(timeline.steps[0].startSeconds).toBe(timeline.startSeconds);
    expect(timeline.steps.at(-1)!.endSeconds).toBeCloseTo(timeline.readySeconds!, 6);
    for (let index = 1; index < timeline.steps.length; index++) {
      expect(timeline.steps[index].startSeconds).toBeCloseTo(timeline.steps[index - 1].endSeconds, 6);
    }
    for (const step of RTO_STEPS) {
      const spans = timeline.steps.filter((span) => span.step === step);
      const total = spans.reduce((sum, span) => sum + span.endSeconds - span.startSeconds, 0);
      expect(total, step).toBeCloseTo(figures.breakdownMs[step] / 1000, 6);
    }
    expect(timeline.rtoSeconds).toBeCloseTo(figures.rtoMs / 1000, 6);
    expect(timeline.drpcEvents[0].description).toMatch(/^failover to /);
  });

  it('draws the steady state: a downsampled sawtooth, an exact close-up, the backlog in intervals', () => {
    const run = data.representativeRun!;
    const timeline = run.applications[0];
    const interval = run.schedulingIntervalSeconds!;
    expect(timeline.rpo.length).toBeGreaterThan(100);
    expect(timeline.rpo.length).toBeLessThanOrEqual(MAX_LINE_VERTICES);
    expect(timeline.steadyStateStartSeconds).toBeGreaterThanOrEqual(run.protectionEstablishedSeconds!);
    expect(timeline.rpo[0][0]).toBe(timeline.steadyStateStartSeconds);
    expect(timeline.rpo.at(-1)![0]).toBe(run.steadyStateEndSeconds);
    for (const [, rpo] of timeline.rpo) expect(rpo).toBeGreaterThanOrEqual(0);
    const detailSpan = timeline.rpoDetail.at(-1)![0] - timeline.rpoDetail[0][0];
    expect(detailSpan).toBeCloseTo(Math.min(DETAIL_INTERVALS * interval, run.steadyStateEndSeconds - timeline.steadyStateStartSeconds!), 3);
    // The close-up is exact: between drops the RPO rises as fast as time.
    for (let index = 1; index < timeline.rpoDetail.length; index++) {
      const [t0, v0] = timeline.rpoDetail[index - 1];
      const [t1, v1] = timeline.rpoDetail[index];
      if (t1 > t0) expect(v1 - v0).toBeCloseTo(t1 - t0, 2);
    }
    expect(timeline.backlog.length).toBeGreaterThan(10);
    for (const [, intervals] of timeline.backlog) expect(intervals).toBeGreaterThan(0);
  });

  it('saves a bundle that drsim report reads back as the same result and report data', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'drsim-report-'));
    const report = join(directory, 'run.html');
    const save = join(directory, 'run.json');
    await writeRunOutputs(study, { report, save });
    const document = reportDocumentFromJson(readFileSync(save, 'utf8'), save);
    expect(document).toEqual({ kind: 'run', drsimVersion: study.result.drsimVersion, result: study.result, reportData: { ...data, scenarioWarnings: [] } });
    // Written pages are the same bytes for the same study (no clock, no randomness in the page).
    const page = readFileSync(report, 'utf8');
    expect(page === renderReportHtml({ kind: 'run', drsimVersion: study.result.drsimVersion, result: study.result, reportData: { ...data, scenarioWarnings: [] } })).toBe(true);
  });

  it('makes a self-contained page: d3 and the data inline, no script or style from elsewhere', () => {
    const html = renderReportHtml({ kind: 'run', drsimVersion: '0.1.0', result: study.result, reportData: data });
    // Booleans, not the page itself: a failure should not print half a megabyte of d3.
    expect(html.includes("default-src 'none'")).toBe(true);
    expect(/<script[^>]+src=|<link[^>]+href=/.test(html)).toBe(false);
    expect(html.includes('d3js.org v7')).toBe(true);
    expect(html.match(/<\/script>/g)?.length).toBe(3);
  });
});

describe('the steps of a run with several actions', () => {
  // A relocate (a final sync, a clean stop) and later a failover back: two episodes whose RTOs differ.
  const twoActions = scenario({
    horizon: '8h',
    operations: [
      { action: 'Relocate', at: '1h', app: 'app' },
      { action: 'Failover', at: '4h', app: 'app' },
    ],
  });

  it('are those of the episode with the worst RTO, from its own facts, and add up to its breakdown', () => {
    const drawnActions = new Set<string>();
    for (let runIndex = 0; runIndex < 12; runIndex++) {
      const run = simulateRun(twoActions, { runIndex });
      const actions = run.actions[0];
      expect(actions.episodes.map((episode) => episode.facts.action)).toEqual(['Relocate', 'Failover']);
      const worst = actions.episodes.reduce((drawn, episode) => (episode.outcome.rtoMs > drawn.outcome.rtoMs ? episode : drawn));
      const timeline = applicationTimeline(run, actions);
      drawnActions.add(timeline.action);
      expect(timeline.action).toBe(worst.facts.action);
      // A relocate's downtime starts when ACM deletes the application, after the action.
      expect(timeline.startSeconds).toBe((worst.facts.downtimeStartMs ?? worst.facts.triggerMs) / 1000);
      expect(timeline.readySeconds).toBe(worst.outcome.readyMs! / 1000);
      expect(timeline.rtoSeconds).toBe(worst.outcome.rtoMs / 1000);
      const spanned = timeline.steps.reduce((sum, span) => sum + span.endSeconds - span.startSeconds, 0);
      expect(spanned).toBeCloseTo(worst.outcome.rtoMs / 1000, 6);
      for (const step of RTO_STEPS) {
        const total = timeline.steps.filter((span) => span.step === step).reduce((sum, span) => sum + span.endSeconds - span.startSeconds, 0);
        expect(total, `run ${runIndex} ${step}`).toBeCloseTo(worst.outcome.rtoBreakdownMs[step] / 1000, 6);
      }
    }
    // The case that matters: the worst RTO is the first episode's, not the last one's.
    expect(drawnActions.has('Relocate')).toBe(true);
  });
});

describe('what drsim report accepts', () => {
  it('says what it expected for JSON of another shape', () => {
    expect(() => reportDocumentFromJson('{"hello": 1}', 'x.json')).toThrow(/not a drsim result, run bundle, sweep or sizing result/);
    expect(() => reportDocumentFromJson('[1]', 'x.json')).toThrow(ReportInputError);
    expect(() => reportDocumentFromJson('{', 'x.json')).toThrow(/not JSON/);
  });

  it('lists where a result breaks its schema', () => {
    try {
      reportDocumentFromJson('{"drsimVersion": "0.1.0", "summary": {}}', 'bad.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ReportInputError);
      expect((error as ReportInputError).message).toBe('bad.json: not a valid result');
      expect((error as ReportInputError).details).toContain('summary.rpoSeconds: Invalid input: expected object, received undefined');
    }
  });
});
