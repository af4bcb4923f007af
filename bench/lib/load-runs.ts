/**
 * Reads run files: the current format (`BenchRun`) and the older one written
 * before the harness (machine as one string, results without stats), so the
 * runs kept in bench/results/ all feed the history charts and --compare.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult, BenchRun, Machine } from './types.js';

function machineOf(m: unknown): Machine {
  if (typeof m === 'object' && m !== null && 'cpuModel' in m) return m as Machine;
  return { cpuModel: typeof m === 'string' ? m : 'unknown', cores: 0, arch: '', node: '', totalMemoryBytes: 0, os: '' };
}

/** Parses one run file's text; throws a plain Error with the reason when it is not a run. */
export function parseRun(text: string): BenchRun {
  const j: unknown = JSON.parse(text);
  if (typeof j !== 'object' || j === null || !Array.isArray((j as { results?: unknown }).results)) throw new Error('no "results" array');
  const o = j as { date?: unknown; machine?: unknown; quick?: unknown; results: unknown[] };
  const results = o.results.filter((r): r is BenchResult => typeof r === 'object' && r !== null && typeof (r as BenchResult).value === 'number' && typeof (r as BenchResult).name === 'string');
  return { date: typeof o.date === 'string' ? o.date : '1970-01-01T00:00:00.000Z', machine: machineOf(o.machine), quick: o.quick === true, results };
}

/** Every readable run in `dir` (unreadable files are skipped: history is best effort). */
export function loadRunsIn(dir: string): BenchRun[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: BenchRun[] = [];
  for (const n of names) {
    try {
      out.push(parseRun(readFileSync(join(dir, n), 'utf8')));
    } catch {
      /* not a run file */
    }
  }
  return out;
}
