/**
 * The bench report: one self-contained HTML page (inline SVG, inline CSS, no
 * script, nothing fetched) with charts drawn by vega-lite → vega rendered to
 * SVG in Node at report time: bars per query and engine, Pyralog/comparison
 * ratios, and history of each measurement across the kept runs.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { spreadText } from './spread.js';
import type { BenchResult, BenchRun } from './types.js';

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

/** The workload a result measures (results comparing one measurement with several engines share it). */
const queryOf = (r: BenchResult): string => r.query ?? r.name;

/** Bars per query and engine, one chart per suite and unit (Pyralog once per query, each compared engine beside it). */
async function engineCharts(run: BenchRun): Promise<Chart[]> {
  const groups = new Map<string, { suite: string; unit: string; rows: { query: string; engine: string; value: number }[] }>();
  const seen = new Set<string>();
  for (const r of run.results) {
    const key = `${r.suite}\u0000${r.unit}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { suite: r.suite, unit: r.unit, rows: [] }));
    const add = (engine: string, value: number): void => {
      const id = `${key}\u0000${queryOf(r)}\u0000${engine}`;
      if (seen.has(id) || !Number.isFinite(value)) return;
      seen.add(id);
      g.rows.push({ query: queryOf(r), engine, value });
    };
    add('Pyralog', r.value);
    if (r.compare && r.compare.unit === r.unit) add(r.compare.name, r.compare.value);
  }
  const charts: Chart[] = [];
  for (const g of groups.values()) {
    if (g.rows.length === 0) continue;
    const svg = await toSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 420,
      data: { values: g.rows },
      mark: 'bar',
      encoding: {
        y: { field: 'query', type: 'nominal', title: null, axis: { labelLimit: 320 } },
        yOffset: { field: 'engine', type: 'nominal' },
        x: { field: 'value', type: 'quantitative', title: g.unit },
        color: { field: 'engine', type: 'nominal', legend: { labelLimit: 300 } },
        tooltip: [{ field: 'engine' }, { field: 'value' }],
      },
    });
    charts.push({ title: `${g.suite}: per query and engine (${g.unit})`, svg });
  }
  return charts;
}

async function ratioChart(run: BenchRun): Promise<Chart | undefined> {
  const rows = run.results
    .filter((r) => r.compare !== undefined && r.compare.unit === r.unit && r.compare.value > 0 && r.value > 0)
    .map((r) => ({ query: `${r.suite} / ${queryOf(r)}`, ratio: r.value / (r.compare?.value ?? 1), against: r.compare?.name ?? '' }));
  if (rows.length === 0) return undefined;
  const svg = await toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 420,
    data: { values: rows },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'query', type: 'nominal', title: null, axis: { labelLimit: 360 } },
          yOffset: { field: 'against', type: 'nominal' },
          x: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, title: 'Pyralog ÷ comparison (same unit; log scale; bars start at 1)' },
          x2: { datum: 1 },
          color: { field: 'against', type: 'nominal', legend: { labelLimit: 300 } },
          tooltip: [{ field: 'query' }, { field: 'against' }, { field: 'ratio' }],
        },
      },
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
  const rows = run.results.map((r) => `<tr><td>${esc(r.suite)}</td><td>${esc(r.name)}</td><td>${cell(r.value)} ${esc(r.unit)}</td><td>${r.stats ? `${esc(spreadText(r))}, ${r.stats.samples.length} samples` : 'one measurement'}</td><td>${r.compare ? `${esc(r.compare.name)}: ${cell(r.compare.value)} ${esc(r.compare.unit)}` : ''}</td><td>${r.compare && r.compare.value > 0 ? (r.value / r.compare.value).toFixed(2) + '×' : ''}</td></tr>`);
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
