/**
 * Every kind of report, opened in headless Chromium from file://: it draws
 * with no console error and no network request, every chart has data-bound
 * marks (or, without run data, a note saying why), and the findings show what
 * the scenario provokes. Screenshots land in test-artifacts/report/.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudy, type Study } from '../../src/analysis/monte-carlo.js';
import { runSizing } from '../../src/analysis/sizing.js';
import { prepareSweep, runSweep } from '../../src/analysis/sweep.js';
import { loadScenarioReference, rawDocument, type LoadedScenario } from '../../src/cli/scenario-input.js';
import { reportDocumentFromJson, writeReport, writeRunOutputs, writeSizingReport, writeSweepReport } from '../../src/report/index.js';
import { ARTIFACTS, launchChromium, renderReport, type RenderedReport } from './browser.js';

const RUNS = 12;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function study(name: string, runs = RUNS): Promise<{ loaded: LoadedScenario; study: Study }> {
  const loaded = await loadScenarioReference(name);
  return { loaded, study: await runStudy(loaded.scenario, { runs, workers: 1 }) };
}

async function runReport(name: string): Promise<{ page: RenderedReport; study: Study }> {
  const { loaded, study: result } = await study(name);
  const file = join(ARTIFACTS, `${name}.html`);
  await writeRunOutputs(result, { report: file, scenarioWarnings: loaded.warnings });
  return { page: await renderReport(browser, file, name), study: result };
}

/** Drew without error or network, and every chart it drew has marks. */
function expectClean(page: RenderedReport): void {
  expect(page.consoleErrors).toEqual([]);
  expect(page.networkRequests).toEqual([]);
  expect(page.rendered).toBe(true);
  expect(page.charts.length).toBeGreaterThan(0);
  expect(page.charts.filter((chart) => chart.marks === 0).map((chart) => chart.id)).toEqual([]);
}

const chartIds = (page: RenderedReport) => page.charts.map((chart) => chart.id);

describe('run report', () => {
  let bare: Study;

  it('regional: summary, Gantt, waterfall, sawtooth, backlog and CDFs all drawn', async () => {
    const { page, study: result } = await runReport('regional-5m-vms');
    bare = result;
    expectClean(page);
    expect(chartIds(page)).toEqual(
      expect.arrayContaining([
        'gantt-billing',
        'waterfall-billing',
        'rpo-billing',
        'rpo-detail-billing',
        'backlog-billing',
        'cdf-rpo',
        'cdf-rto',
        'cdf-data-loss',
      ]),
    );
    expect(page.unavailable).toEqual([]);
    expect(page.sections).toEqual(['summary', 'findings', 'timeline', 'rpo-over-time', 'distributions']);
    expect(page.text).toContain('RPO at p99');
    expect(page.text).toContain(`trace digest ${result.result.traceDigest}`);
    expect(page.text).toMatch(/MET: objective 15m/);
    // Axis ticks in human units, not raw seconds.
    expect(page.text).not.toMatch(/\b86400\b/);
  });

  it('a bare Result: the run-data charts explain what is missing, the waterfall is still drawn', async () => {
    const document = reportDocumentFromJson(JSON.stringify(bare.result), 'result.json');
    const file = join(ARTIFACTS, 'bare-result.html');
    await writeReport(file, document);
    const page = await renderReport(browser, file, 'bare-result');
    expectClean(page);
    expect(chartIds(page)).toContain('waterfall-billing');
    expect(page.unavailable.map((chart) => chart.id)).toEqual(
      expect.arrayContaining(['gantt-billing', 'rpo-billing', 'cdf-rpo', 'cdf-rto', 'cdf-data-loss']),
    );
    for (const chart of page.unavailable) expect(chart.note).toContain('drsim run --save');
  });

  it('Metro-DR without fencing: split-brain and the scenario warning in the findings; no sawtooth, said so', async () => {
    const { page } = await runReport('metro-fencing-none-split-brain');
    expectClean(page);
    expect(page.findings.some((finding) => finding.startsWith('split-brain') && finding.includes('INV-05'))).toBe(true);
    expect(page.findings.some((finding) => finding.startsWith('scenario') && finding.includes('without fencing'))).toBe(true);
    expect(page.unavailable.find((chart) => chart.id === 'rpo-erp')?.note).toMatch(/Metro-DR replicates synchronously/);
    expect(chartIds(page)).toEqual(expect.arrayContaining(['gantt-erp', 'cdf-rto']));
  });

  it('Metro-DR site loss with an application on the surviving site: its write stall is said', async () => {
    const loaded = await loadScenarioReference('metro-vms-site-loss');
    const [erp] = loaded.scenario.spec.applications;
    const survivor = { ...erp, name: 'crm', preferredCluster: erp.failoverCluster, failoverCluster: erp.preferredCluster };
    const scenario = { ...loaded.scenario, spec: { ...loaded.scenario.spec, applications: [erp, survivor] } };
    const result = await runStudy(scenario, { runs: 4, workers: 1 });
    const file = join(ARTIFACTS, 'metro-write-stall.html');
    await writeRunOutputs(result, { report: file, scenarioWarnings: loaded.warnings });
    const page = await renderReport(browser, file, 'metro-write-stall');
    expectClean(page);
    // Degraded stretch mode starts 20-30 s after the loss (timings.metroIoStall).
    expect(page.text).toMatch(/Write stall: at the site loss, writes on the surviving site blocked until Ceph entered degraded stretch mode: crm p50 2\d(\.\d+)?s/);
    expect(page.text).not.toMatch(/erp p50/);
  });

  it('an under-provisioned link: saturated link and the breached objective in the findings, the rising sawtooth drawn', async () => {
    const { page } = await runReport('underprovisioned-link');
    expectClean(page);
    expect(page.findings.some((finding) => finding.startsWith('saturated link'))).toBe(true);
    expect(page.findings.some((finding) => finding.startsWith('unbounded backlog'))).toBe(false);
    expect(page.findings.some((finding) => finding.startsWith('objective breached'))).toBe(true);
    expect(chartIds(page)).toEqual(expect.arrayContaining(['rpo-analytics', 'backlog-analytics']));
  });
});

describe('sweep report', () => {
  it('heatmaps per objective with the frontier between met and breached cells', async () => {
    const loaded = await loadScenarioReference('regional-5m-vms');
    const axes = [
      { path: 'spec.drPolicy.schedulingInterval', values: ['1m', '5m', '30m'] },
      { path: 'spec.links[0].bandwidth', values: ['1Gbps', '10Gbps'] },
    ];
    const prepared = prepareSweep(rawDocument(loaded), axes);
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
    const sweep = await runSweep(prepared.sweep, { runs: 6, workers: 1 });
    const file = join(ARTIFACTS, 'sweep.html');
    await writeSweepReport(file, sweep, { name: loaded.scenario.metadata.name, description: null });
    const page = await renderReport(browser, file, 'sweep', {
      frontier: 'figure[data-chart="heatmap-rpo"] g.frontier line',
      cells: 'figure[data-chart="heatmap-rpo"] g.cells rect',
    });
    expectClean(page);
    expect(chartIds(page)).toEqual(['heatmap-rpo', 'heatmap-rto']);
    expect(page.counts.cells).toBe(6);
    // A 30m interval cannot meet a 15m RPO objective, 1m and 5m do: the frontier runs between the columns.
    expect(page.counts.frontier).toBe(2);
    expect(page.text).toContain('spec.drPolicy.schedulingInterval');
  });
});

describe('sizing report', () => {
  it('the curve the search explored, each candidate numbered, and the answer', async () => {
    const loaded = await loadScenarioReference('regional-5m-vms');
    const sizing = await runSizing(loaded.scenario, { field: 'interval', min: 60_000, max: 40 * 60_000 }, { runs: 6, workers: 1 });
    const file = join(ARTIFACTS, 'sizing.html');
    await writeSizingReport(file, sizing, { name: loaded.scenario.metadata.name, description: null });
    const page = await renderReport(browser, file, 'sizing', { points: 'figure[data-chart="sizing-curve"] g.curve-rpo g.point path' });
    expectClean(page);
    expect(chartIds(page)).toEqual(['sizing-curve']);
    expect(page.counts.points).toBe(sizing.tried.length);
    expect(sizing.answerText).not.toBeNull();
    expect(page.text).toContain(sizing.answerText!);
  });
});
