/**
 * The bench report from a synthetic run: one self-contained page with charts
 * rendered to SVG (bars per query and engine, ratios, history). The browser
 * part opens it in Debian's chromium via playwright-core and finds the bars
 * drawn with a non-zero size and no network request; it is skipped, with a
 * printed message, where /usr/bin/chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../bench/lib/html-report.js';
import { result, run } from './synthetic-runs.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[test/bench] ${CHROMIUM} is not installed: skipping the headless-browser check of the bench report (apt-get install -y chromium)`);

const older = run('2026-01-01T00:00:00.000Z', [result('exec', 'sum 1M', 12, 0.05, 1, 4), result('exec', 'join 1M', 60, 0.05, 2, 20)]);
// One Pyralog measurement compared with two engines (as the analytics suite reports): two results sharing `query`.
const vsDuck = { ...result('analytics', 'sum 1M (vs DuckDB 1 thread)', 10, 0.05, 6, 5), query: 'sum 1M' };
const vsSqlite = { ...result('analytics', 'sum 1M (vs SQLite)', 10, 0.05, 6, 40), query: 'sum 1M' };
const sqliteCompare = { ...vsSqlite.compare!, name: 'SQLite' };
const latest = run('2026-01-02T00:00:00.000Z', [
  result('exec', 'sum 1M', 10, 0.05, 3, 4),
  result('exec', 'join 1M', 50, 0.05, 4, 25),
  result('storage', 'point get', 0.01, 0.05, 5),
  vsDuck,
  { ...vsSqlite, compare: sqliteCompare },
]);
const dir = mkdtempSync(join(tmpdir(), 'pyralog-bench-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench HTML report', () => {
  it('is one page with inline SVG charts, a results table and nothing to fetch', async () => {
    const html = await renderReport(latest, [older]);
    writeFileSync(join(dir, 'index.html'), html);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect((html.match(/<svg\b/g) ?? []).length).toBe(5); // exec, storage and analytics bars, ratios, exec history
    expect(html).toContain('exec: history across runs');
    expect(html).toContain('Synthetic CPU, 2 cores');
    expect(html).not.toMatch(/<script|<link|<img|\b(src|href)\s*=\s*["']?https?:/i);
  });

  describe.runIf(hasChromium)('in headless chromium', () => {
    it('renders every chart with bars of non-zero size and makes no network request', async () => {
      const { chromium } = await import('playwright-core');
      const profile = mkdtempSync(join(tmpdir(), 'pyralog-chromium-'));
      // A fresh user-data-dir: playwright takes it as the persistent context's folder.
      const browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        const url = pathToFileURL(join(dir, 'index.html')).href;
        await page.goto(url);
        const charts = await page.$$eval('figure.chart', (figs) =>
          figs.map((f) => ({
            title: f.querySelector('figcaption')?.textContent ?? '',
            bars: [...f.querySelectorAll('svg g.mark-rect path')].filter((p) => {
              const b = (p as unknown as { getBBox(): { width: number; height: number } }).getBBox();
              return b.width > 0 && b.height > 0;
            }).length,
            lines: f.querySelectorAll('svg g.mark-line path').length,
          })),
        );
        expect(charts.map((c) => c.title)).toEqual([
          'exec: per query and engine (ms)',
          'storage: per query and engine (ms)',
          'analytics: per query and engine (ms)',
          'Ratios to the comparison measured in the same run',
          'exec: history across runs',
        ]);
        // exec: 2 queries × (Pyralog, DuckDB); storage: 1 bar; analytics: Pyralog once + DuckDB + SQLite;
        // ratios: 2 exec + 2 analytics; history: 2 series lines.
        expect(charts.map((c) => [c.bars, c.lines])).toEqual([[4, 0], [1, 0], [3, 0], [4, 0], [0, 2]]);
        expect(requests).toEqual([url]);
      } finally {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      }
    });
  });
});
