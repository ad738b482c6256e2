/**
 * A report as one self-contained HTML file: the stylesheet, the data as JSON,
 * d3 (read from the installed package at generation time) and the page
 * script, all inline. A Content-Security-Policy forbids every fetch, so the
 * file opens offline and cannot reach the network even by mistake.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportDocument } from './document.js';
import { pageScript } from './page-bundle.js';
import { REPORT_CSS } from './styles.js';

const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

let d3Source: string | null = null;

/** d3's UMD build (sets the global `d3`); its package exports only the ESM entry, so go through that. */
function d3Script(): string {
  if (d3Source === null) {
    const entry = createRequire(import.meta.url).resolve('d3');
    d3Source = readFileSync(join(dirname(entry), 'd3.min.js'), 'utf8');
  }
  return d3Source;
}

export function renderReportHtml(document: ReportDocument): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="generator" content="drsim ' + escapeHtml(document.drsimVersion) + '">',
    `<title>${escapeHtml(reportTitle(document))}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main id="report"><noscript>This report draws its charts with JavaScript; allow scripts for this file to see them.</noscript></main>',
    `<script type="application/json" id="drsim-report-data">${jsonForScript(document)}</script>`,
    `<script>${scriptText(d3Script())}</script>`,
    `<script>${scriptText(pageScript())}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function reportTitle(document: ReportDocument): string {
  switch (document.kind) {
    case 'run':
      return `drsim run report: ${document.result.scenario}`;
    case 'sweep':
      return `drsim sweep report: ${document.sweep.rows[0]?.result.scenario ?? document.scenario?.name ?? 'sweep'}`;
    case 'sizing':
      return `drsim sizing report: ${document.scenario?.name ?? document.sizing.path}`;
  }
}

/** JSON inside a script element: `<` escaped so no `</script>` or `<!--` can end or confuse it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Script text that cannot close its element early (`</script` inside a string literal stays a string). */
function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
