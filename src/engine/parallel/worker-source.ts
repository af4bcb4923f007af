/**
 * The source of a parallel-aggregate and top-k worker, built from the same
 * functions the calling thread runs (morsel-kernels.ts, top-k-kernels.ts,
 * heap-morsel.ts) so that the
 * two cannot drift; no TypeScript or module loading is needed inside the
 * worker. A worker waits for a query message, then claims ranges from the
 * query's shared control block as they are published, reading each one's
 * morsels from its port (see worker-pool.ts for the protocol),
 * computes each range's partial state from views on the column heap and
 * posts it back; it counts itself active while it may touch the heap.
 */
import { morselKernels } from './morsel-kernels.js';
import { morselWasm } from './morsel-wasm.js';
import { heapColumns, unpackMorsels } from './heap-morsel.js';
import { topKKernels } from './top-k-kernels.js';

let source: string | undefined;

export function workerSource(): string {
  source ??= `
'use strict';
const { workerData, parentPort, receiveMessageOnPort } = require('node:worker_threads');
// esbuild (vitest) may wrap named functions in __name(); make it a no-op here.
const __name = (f) => f;
const morselKernels = ${String(morselKernels)};
const morselWasm = ${String(morselWasm)};
const heapColumns = ${String(heapColumns)};
const unpackMorsels = ${String(unpackMorsels)};
const topKKernels = ${String(topKKernels)};
const K = morselKernels(morselWasm(workerData.memory));
// The top-k skip kernel over this heap, when the calling thread's kernels are on (it sends their bytes).
let topKSkip = null;
if (workerData.kernels) {
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(workerData.kernels), { env: { memory: workerData.memory } });
    topKSkip = inst.exports.topk_skip_f64 || null;
  } catch {}
}
const T = topKKernels(topKSkip);
const memory = workerData.memory;
const port = workerData.port;
// Ranges of a later query read while draining the port (cannot happen while a query is open; kept, not lost).
const early = new Map();
parentPort.on('message', (q) => {
  const ctrl = q.ctrl;
  Atomics.add(ctrl, 1, 1);
  const known = early.get(q.qid) || [];
  early.clear();
  // The morsels of published slot s: its message is in the port's queue before the slot is published.
  const rangeOf = (slot) => {
    for (let tries = 0; known[slot] === undefined; tries++) {
      const m = receiveMessageOnPort(port);
      if (m === undefined) {
        if (tries > 1000) throw new Error('range slot ' + slot + ' never arrived');
        Atomics.wait(ctrl, 2, 0, 1);
        continue;
      }
      const msg = m.message;
      if (msg.qid === q.qid) known[msg.slot] = msg;
      else if (msg.qid > q.qid) {
        if (!early.has(msg.qid)) early.set(msg.qid, []);
        early.get(msg.qid)[msg.slot] = msg;
      }
    }
    return known[slot];
  };
  try {
    for (;;) {
      if (Atomics.load(ctrl, 2) === 1) break;
      const next = Atomics.load(ctrl, 0);
      const published = Atomics.load(ctrl, 4);
      if (next >= published) {
        if (Atomics.load(ctrl, 5) === 1) {
          if (next >= Atomics.load(ctrl, 4)) break;
        } else {
          // counted asleep first: the caller notifies only when some worker is (seq-cst: a count it skips waking for is seen here)
          Atomics.add(ctrl, 6, 1);
          Atomics.wait(ctrl, 4, published, 100);
          Atomics.sub(ctrl, 6, 1);
        }
        continue;
      }
      if (Atomics.compareExchange(ctrl, 0, next, next + 1) !== next) continue;
      let range = -1;
      try {
        const msg = rangeOf(next);
        range = msg.range;
        if (q.kind === 'topk') {
          const st = T.newState(q.spec, q.qid);
          for (const m of unpackMorsels(msg.morsels)) T.run(q.spec, heapColumns(memory.buffer, m), m.n, m.rowBase, st, true);
          port.postMessage({ qid: q.qid, range, state: T.finish(q.spec, st) });
        } else {
          const st = K.newState(q.spec);
          for (const m of unpackMorsels(msg.morsels)) K.run(q.spec, heapColumns(memory.buffer, m), m.n, m.rowBase, st);
          K.done(q.spec, st);
          st.slots = new Int32Array(0);
          st.direct = new Int32Array(0);
          port.postMessage({ qid: q.qid, range, state: st });
        }
      } catch (e) {
        port.postMessage({ qid: q.qid, range, error: String((e && e.stack) || e) });
      }
      Atomics.add(ctrl, 3, 1);
      Atomics.notify(ctrl, 3);
    }
  } finally {
    Atomics.sub(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
});
`;
  return source;
}
