/**
 * The report page's entry: reads the embedded document and draws the report
 * of its kind. A failure is shown on the page and logged, never left as a
 * silently blank page.
 */
import type { ReportDocument } from '../document.js';
import { footer } from './layout.js';
import { renderRunReport } from './run-report.js';
import { renderSizingReport } from './sizing-report.js';
import { renderSweepReport } from './sweep-report.js';

function renderDocument(root: HTMLElement, document: ReportDocument): void {
  switch (document.kind) {
    case 'run':
      renderRunReport(root, document.result, document.reportData);
      break;
    case 'sweep':
      renderSweepReport(root, document.sweep, document.scenario, document.drsimVersion);
      break;
    case 'sizing':
      renderSizingReport(root, document.sizing, document.scenario, document.drsimVersion);
      break;
  }
  footer(root, document.drsimVersion);
}

function start(): void {
  const root = document.getElementById('report');
  const data = document.getElementById('drsim-report-data');
  if (!root || !data) throw new Error('the report page is missing its data or its root element');
  root.replaceChildren();
  try {
    renderDocument(root, JSON.parse(data.textContent ?? 'null') as ReportDocument);
    root.dataset.rendered = 'true';
  } catch (error) {
    const box = document.createElement('pre');
    box.className = 'error-box';
    box.textContent = `The report could not be drawn: ${(error as Error).stack ?? String(error)}`;
    root.append(box);
    console.error(error);
  }
}

start();
