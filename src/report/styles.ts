/**
 * The report's stylesheet: plain and dense enough for an architect's screen,
 * black on white with no dependence on background colours in print, figures
 * kept whole across page breaks.
 */
export const REPORT_CSS = `
:root {
  --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --faint: #eef1f4;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --accent: #0072b2;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
header.report-header { border-bottom: 2px solid var(--ink); padding-bottom: 12px; margin-bottom: 8px; }
header.report-header h1 { font-size: 24px; margin: 0 0 4px; }
header.report-header .kind { color: var(--muted); font-weight: normal; }
header.report-header p { margin: 2px 0; color: var(--muted); }
.provenance { font-size: 12px; color: var(--muted); }
.provenance code { font-size: 12px; }
section { margin-top: 28px; }
section > h2 { font-size: 18px; margin: 0 0 4px; padding-bottom: 3px; border-bottom: 1px solid var(--rule); }
section > p.lead { margin: 4px 0 12px; color: var(--muted); }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
.verdict { font-weight: 700; white-space: nowrap; }
.verdict.met { color: var(--ok); }
.verdict.breached { color: var(--bad); }
.verdicts { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.verdicts .card { border: 1.5px solid var(--rule); border-left-width: 6px; padding: 8px 12px; min-width: 220px; }
.verdicts .card.met { border-left-color: var(--ok); }
.verdicts .card.breached { border-left-color: var(--bad); }
.verdicts .card .figure { font-size: 20px; font-weight: 700; }
.verdicts .card .label { color: var(--muted); font-size: 12px; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; }
ul.findings { list-style: none; padding: 0; margin: 8px 0; }
ul.findings li { border-left: 5px solid var(--rule); padding: 5px 10px; margin: 5px 0; background: #fafbfc; }
ul.findings li .tag { font-weight: 700; margin-right: 6px; }
ul.findings li.error { border-left-color: var(--bad); }
ul.findings li.error .tag { color: var(--bad); }
ul.findings li.warning { border-left-color: var(--warn); }
ul.findings li.warning .tag { color: var(--warn); }
ul.findings li.ok { border-left-color: var(--ok); }
ul.findings li.ok .tag { color: var(--ok); }
figure { margin: 14px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figcaption { margin-bottom: 4px; }
figcaption .chart-title { font-weight: 600; font-size: 14px; display: block; }
figcaption .chart-caption { color: var(--muted); font-size: 12.5px; display: block; }
figure svg { width: 100%; height: auto; display: block; overflow: visible; }
figure.chart-unavailable p.note { border: 1.5px dashed var(--rule); padding: 14px; color: var(--muted); margin: 4px 0; }
p.note { font-size: 12.5px; color: var(--muted); margin: 4px 0; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
ul.legend li svg { width: 22px; height: 12px; flex: none; display: inline-block; }
.charts-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 0 24px; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--ink); }
svg .axis text { font-size: 11.5px; fill: var(--ink); }
svg .axis path, svg .axis line { stroke: #6e7781; }
svg .axis-label { font-size: 12.5px; font-weight: 600; fill: var(--ink); }
svg g.grid line { stroke: var(--faint); stroke-width: 1; }
svg .reference line { stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .reference text { font-size: 11.5px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .reference.interval line { stroke: #57606a; }
svg .reference.warning line { stroke: #d29922; }
svg .reference.warning text { fill: #7d4e00; }
svg .reference.critical line { stroke: var(--bad); }
svg .reference.critical text { fill: var(--bad); }
svg .reference.objective line { stroke: #6f42c1; stroke-dasharray: 2 3; stroke-width: 2; }
svg .reference.objective text { fill: #6f42c1; font-weight: 600; }
svg .reference.event line { stroke: var(--ink); stroke-dasharray: none; }
svg .label-halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.table-scroll { overflow-x: auto; }
footer { margin-top: 36px; border-top: 1px solid var(--rule); padding-top: 8px; color: var(--muted); font-size: 12px; }
.error-box { border: 2px solid var(--bad); padding: 12px; color: var(--bad); }
@media print {
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
  section { break-inside: auto; }
  section > h2 { break-after: avoid; }
  .charts-grid { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4; margin: 14mm; }
`;
