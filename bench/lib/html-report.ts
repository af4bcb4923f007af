/**
 * The bench report: one self-contained HTML page (inline SVG, inline CSS, no
 * script, nothing fetched) with charts drawn by vega-lite → vega rendered to
 * SVG in Node at report time: bars per query and engine, Pyralog/comparison
 * ratios, and history of each measurement across the kept runs.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchRun } from './types.js';

interface Chart {
  readonly title: string;
  readonly svg: string;
}

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Bars per query and engine, one chart per suite. */
async function engineCharts(run: BenchRun): Promise<Chart[]> {
  const suites = [...new Set(run.results.map((r) => r.suite))];
  const charts: Chart[] = [];
  for (const suite of suites) {
    const rows = run.results
      .filter((r) => r.suite === suite)
      .flatMap((r) => [
        { query: `${r.name} (${r.unit})`, engine: 'Pyralog', value: r.value },
        ...(r.compare && r.compare.unit === r.unit ? [{ query: `${r.name} (${r.unit})`, engine: r.compare.name, value: r.compare.value }] : []),
      ]);
    if (rows.length === 0) continue;
    const svg = await toSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 420,
      data: { values: rows },
      mark: 'bar',
      encoding: {
        y: { field: 'query', type: 'nominal', title: null, axis: { labelLimit: 320 } },
        yOffset: { field: 'engine', type: 'nominal' },
        x: { field: 'value', type: 'quantitative', title: 'value (unit per row)' },
        color: { field: 'engine', type: 'nominal' },
        tooltip: [{ field: 'engine' }, { field: 'value' }],
      },
    });
    charts.push({ title: `${suite}: per query and engine`, svg });
  }
  return charts;
}

async function ratioChart(run: BenchRun): Promise<Chart | undefined> {
  const rows = run.results
    .filter((r) => r.compare !== undefined && r.compare.unit === r.unit && r.compare.value > 0)
    .map((r) => ({ query: `${r.suite} / ${r.name}`, ratio: r.value / (r.compare?.value ?? 1), against: r.compare?.name ?? '' }));
  if (rows.length === 0) return undefined;
  const svg = await toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 420,
    data: { values: rows },
    layer: [
      { mark: 'bar', encoding: { y: { field: 'query', type: 'nominal', title: null, axis: { labelLimit: 360 } }, x: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, title: 'Pyralog ÷ comparison (same unit; log scale; bars start at 1)' }, x2: { datum: 1 }, color: { field: 'against', type: 'nominal' } } },
      { mark: { type: 'rule', color: 'black' }, encoding: { x: { datum: 1 } } },
    ],
  });
  return { title: 'Ratios to the comparison measured in the same run', svg };
}

async function historyCharts(history: readonly BenchRun[]): Promise<Chart[]> {
  const rows = history.flatMap((h) => h.results.map((r) => ({ date: h.date, series: `${r.name} (${r.unit})`, suite: r.suite, value: r.value })));
  const charts: Chart[] = [];
  for (const suite of [...new Set(rows.map((r) => r.suite))]) {
    const mine = rows.filter((r) => r.suite === suite);
    if (new Set(mine.map((r) => r.date)).size < 2) continue;
    const svg = await toSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 420,
      height: 200,
      data: { values: mine },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'date', type: 'temporal', title: 'run' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: 'value (log)' },
        color: { field: 'series', type: 'nominal', legend: { labelLimit: 300 } },
      },
    });
    charts.push({ title: `${suite}: history across runs`, svg });
  }
  return charts;
}

function resultTable(run: BenchRun): string {
  const cell = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '' : x.toPrecision(4));
  const rows = run.results.map((r) => `<tr><td>${esc(r.suite)}</td><td>${esc(r.name)}</td><td>${cell(r.value)} ${esc(r.unit)}</td><td>${r.stats ? `${cell(r.stats.min)}–${cell(r.stats.max)} ms, ±${r.stats.rme.toFixed(1)}%, ${r.stats.samples.length} samples` : 'one measurement'}</td><td>${r.compare ? `${esc(r.compare.name)}: ${cell(r.compare.value)} ${esc(r.compare.unit)}` : ''}</td><td>${r.compare && r.compare.value > 0 ? (r.value / r.compare.value).toFixed(2) + '×' : ''}</td></tr>`);
  return `<table><thead><tr><th>suite</th><th>benchmark</th><th>Pyralog</th><th>spread</th><th>compared with</th><th>ratio</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The whole page for `run`, with `history` (older runs, any order) for the trend charts. */
export async function renderReport(run: BenchRun, history: readonly BenchRun[] = []): Promise<string> {
  const all = [...history, run].sort((a, b) => a.date.localeCompare(b.date));
  const ratio = await ratioChart(run);
  const charts = [...(await engineCharts(run)), ...(ratio ? [ratio] : []), ...(await historyCharts(all))];
  const m = run.machine;
  const figures = charts.map((c) => `<figure class="chart"><figcaption>${esc(c.title)}</figcaption>${c.svg}</figure>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Pyralog bench ${esc(run.date)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}figure{margin:1.5em 0}figcaption{font-weight:600}</style></head>
<body><h1>Pyralog bench</h1>
<p>${esc(run.date)}${run.quick ? ' — <strong>quick mode (PYRALOG_BENCH_QUICK=1): not performance figures</strong>' : ''}<br>
${esc(m.cpuModel)}, ${m.cores} cores, ${esc(m.arch)}, ${esc(m.os)}, ${(m.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${esc(m.node)}</p>
${figures}
<h2>All results</h2>${resultTable(run)}
</body></html>
`;
}
