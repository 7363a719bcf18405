/**
 * Stylesheet of the HTML report: light and dark through prefers-color-scheme; printed, light on A4 with
 * figures, rows, matrices and sample cards kept whole and headings kept with what follows them.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --text: #1c2330; --muted: #5b6675; --border: #e2e6eb;
  --grid: rgba(28, 35, 48, 0.08); --accent: #2563eb; --good: 22, 163, 74; --bad: 220, 38, 38;
  --heat: 37, 99, 235; --stripe: #f9fafb;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --card: #171c23; --text: #e6e9ee; --muted: #9aa4b2; --border: #2a313b;
    --grid: rgba(230, 233, 238, 0.09); --accent: #60a5fa; --good: 74, 222, 128; --bad: 248, 113, 113;
    --heat: 96, 165, 250; --stripe: #1b2129;
  }
}
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --card: #ffffff; --text: #000000; --muted: #444c56; --border: #d0d7de;
    --grid: rgba(0, 0, 0, 0.1); --accent: #1d4ed8; --good: 22, 163, 74; --bad: 220, 38, 38;
    --heat: 37, 99, 235; --stripe: #f6f8fa;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
header .subtitle { color: var(--muted); margin: 0 0 18px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 0 0 8px; }
section { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px; }
.muted { color: var(--muted); }
.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 10px 24px; margin: 0; }
.meta div { min-width: 0; }
.meta dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.meta dd { margin: 2px 0 0; overflow-wrap: anywhere; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.chip { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 6px; vertical-align: baseline; }
.observations { margin: 0; padding-left: 0; list-style: none; }
.observations li { padding: 6px 0; border-top: 1px solid var(--border); }
.observations li:first-child { border-top: none; }
.best { font-weight: 600; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td.text, th.text { text-align: left; white-space: normal; }
table.wrap-head th { white-space: normal; vertical-align: bottom; }
table.grouped tbody tr td { background: none; }
table.grouped tr.group-start td { border-top: 2px solid var(--border); }
table.grouped td[rowspan] { vertical-align: top; }
tbody tr:nth-child(even) td { background: var(--stripe); }
tr.best-row td { font-weight: 600; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; margin-left: 6px; border-radius: 9px; border: 1px solid var(--border); color: var(--muted); font-weight: 500; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 18px; }
.chart { position: relative; height: 320px; }
.chart.tall { height: 360px; }
.matrices { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 22px; }
table.heat { width: auto; font-size: 12px; }
table.heat th, table.heat td { padding: 4px 6px; border: 1px solid var(--border); text-align: center; min-width: 36px; }
table.confusion td { min-width: 34px; }
table.confusion td.zero { color: var(--muted); opacity: 0.55; }
table.confusion.compact th, table.confusion.compact td { min-width: 0; padding: 0 2px; font-size: 9px; line-height: 12px; }
table.confusion.compact td { width: 12px; height: 12px; }
table.heat th.row { text-align: left; }
table.heat th.corner { font-weight: 400; font-size: 11px; }
.confusions { margin: 8px 0 0; font-size: 12px; color: var(--muted); }
.samples { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 14px; }
.sample { border: 1px solid var(--border); border-radius: 8px; padding: 10px; }
.sample img { width: 84px; height: 84px; image-rendering: pixelated; border-radius: 4px; display: block; margin-bottom: 6px; background: #000; }
.sample .truth { font-weight: 600; margin-bottom: 6px; }
.pred { display: grid; grid-template-columns: 1fr auto; gap: 0 8px; font-size: 12px; align-items: center; }
.pred .bar { grid-column: 1 / span 2; height: 4px; border-radius: 2px; background: var(--border); margin: 2px 0 6px; overflow: hidden; }
.pred .bar span { display: block; height: 100%; }
.ok { color: rgb(var(--good)); }
.wrong { color: rgb(var(--bad)); }
details { margin-top: 6px; font-size: 12px; }
details table th, details table td { padding: 2px 4px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
@media (max-width: 560px) { .charts, .matrices { grid-template-columns: 1fr; } }
/* Figures drawn as inline SVG: colour by run or split, then shape (dashed training, marked kept epoch). */
figure { margin: 0; min-width: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 6px 0 0; }
.line-chart { width: 100%; max-width: 620px; height: auto; display: block; }
.line-chart .grid { stroke: var(--grid); }
.line-chart .sub { fill: var(--muted); }
.line-chart .mark { stroke: var(--card) !important; stroke-width: 1.5; }
.line-chart .error-bar { fill: none; stroke: var(--text); stroke-width: 1.5; }
.line-chart text { font: 11px system-ui, sans-serif; fill: currentColor; }
.line-chart .axis { stroke: currentColor; opacity: 0.4; }
.line-chart .val { fill: #2563eb; stroke: #2563eb; }
.line-chart .train { fill: #d97706; stroke: #d97706; }
.line-chart polygon.band { stroke: none !important; opacity: 0.18; }
.line-chart polyline.line { fill: none !important; stroke-width: 2; }
.line-chart polyline.dashed { stroke-dasharray: 6 4; }
.line-chart .chosen { fill: none; stroke: #16a34a; stroke-width: 2.5; }
/* After the rules it overrides. */
@media print {
  @page { size: A4; margin: 12mm; }
  body { font-size: 11px; background: #fff; }
  main { max-width: none; padding: 0; }
  section { border: none; border-radius: 0; padding: 0; margin: 0 0 14px; }
  h2, h3 { break-after: avoid; }
  figure, tr, .sample, .matrices > div, .meta div, .observations li { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  th, td { padding: 3px 5px; white-space: normal; }
  .charts { grid-template-columns: 1fr 1fr; gap: 10px; }
  .matrices { grid-template-columns: 1fr; }
  .samples { grid-template-columns: repeat(4, 1fr); }
  details { display: none; }
}
`
