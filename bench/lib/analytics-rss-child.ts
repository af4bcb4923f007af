/**
 * Child process of the analytics suite's peak-RSS measurement: argv[2] is
 * JSON `{ engine, threads, query, seed, rows, pyralogDir, sqliteFile }`.
 * Opens that one engine on the cached data, settles, resets the peak, runs
 * the query twice (the first run includes planning) while a poller samples
 * RSS by kind (anonymous / file-backed / shared), prints one JSON line.
 */
import { openEngine, QUERIES, type EngineKind, type QueryKey } from './analytics-engines.js';
import type { CachedData } from './analytics-data.js';
import { currentKinds, currentRssKb, peakKb, pollRss, resetPeak, type PeakRss } from './peak-rss.js';

interface Args extends CachedData {
  readonly engine: EngineKind;
  readonly threads: number;
  readonly query: QueryKey;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const q = QUERIES.find((x) => x.key === args.query);
if (q === undefined) throw new Error(`unknown query ${args.query}`);
const engine = await openEngine(args.engine, args, args.threads);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const poller = await pollRss();
const beforeKb = currentRssKb();
const before = currentKinds();
const reset = resetPeak();
await engine.run(q, 0);
await engine.run(q, 1);
const peak = await poller.stop();
const out: PeakRss = { beforeKb, peakKb: peakKb(reset), method: reset ? 'VmHWM after clear_refs' : 'maxRSS (includes the load)', before, ...(peak === undefined ? {} : { peak }) };
await engine.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
