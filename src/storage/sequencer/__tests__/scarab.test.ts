import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Obelisk } from '../obelisk.js';
import { SCARAB_EPOCH_MS, SCARAB_MAX_SEQ, Scarab, decodeScarab, encodeScarab } from '../scarab.js';
import { transpileForChild } from './transpile-for-child.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scarab-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A controllable clock. */
function manualClock(start: number): { now: () => number; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (ms) => (t = ms) };
}

describe('Scarab layout', () => {
  it('encodes 41 bits of ms, 10 of node, 12 of seq', () => {
    const ms = SCARAB_EPOCH_MS + 123_456_789;
    const id = encodeScarab({ ms, node: 5, seq: 7 });
    expect(id).toBe((123_456_789n << 22n) | (5n << 12n) | 7n);
    expect(decodeScarab(id)).toEqual({ ms, node: 5, seq: 7 });
    const max = encodeScarab({ ms: SCARAB_EPOCH_MS + 2 ** 41 - 1, node: 1023, seq: 4095 });
    expect(max).toBe((1n << 63n) - 1n);
    expect(() => encodeScarab({ ms, node: 1024, seq: 0 })).toThrow(/node/);
    expect(() => decodeScarab(-1n)).toThrow(/not a Scarab id/);
  });
});

describe('Scarab generator', () => {
  it('issues 1M strictly increasing ids whose parts decode correctly', () => {
    const s = Scarab.open(Obelisk.open(path.join(dir, 'ids')), { node: 42 });
    const t0 = Date.now();
    let prev = -1n;
    let increasing = true;
    let first = 0n;
    for (let i = 0; i < 1_000_000; i++) {
      const id = s.next();
      if (id <= prev) increasing = false;
      if (i === 0) first = id;
      prev = id;
    }
    const t1 = Date.now();
    expect(increasing).toBe(true);
    const a = decodeScarab(first);
    const b = decodeScarab(prev);
    expect(a.node).toBe(42);
    expect(b.node).toBe(42);
    expect(a.ms).toBeGreaterThanOrEqual(t0);
    // Ids may borrow ahead of the clock only when >4096 ids/ms are drawn.
    expect(b.ms).toBeLessThanOrEqual(t1 + Math.ceil(1_000_000 / (SCARAB_MAX_SEQ + 1)));
  });

  it('stays unique and increasing across a restart whose clock went backwards', () => {
    const file = path.join(dir, 'ids');
    const clock = manualClock(SCARAB_EPOCH_MS + 10_000_000);
    const s1 = Scarab.open(Obelisk.open(file), { clock: clock.now, leaseMs: 500 });
    const seen = new Set<bigint>();
    let last = 0n;
    for (let i = 0; i < 5000; i++) {
      last = s1.next();
      seen.add(last);
      if (i % 1000 === 999) clock.set(clock.now() + 1);
    }
    // Restart with the clock an hour behind.
    clock.set(SCARAB_EPOCH_MS + 10_000_000 - 3_600_000);
    const s2 = Scarab.open(Obelisk.open(file), { clock: clock.now, leaseMs: 500 });
    const firstAfter = s2.next();
    expect(firstAfter).toBeGreaterThan(last);
    expect(seen.has(firstAfter)).toBe(false);
    let prev = firstAfter;
    for (let i = 0; i < 5000; i++) {
      const id = s2.next();
      expect(id > prev).toBe(true);
      prev = id;
    }
  });

  it('keeps increasing when the clock goes backwards and on sequence overflow', () => {
    const clock = manualClock(SCARAB_EPOCH_MS + 1_000);
    const s = Scarab.open(Obelisk.open(':memory:'), { clock: clock.now, node: 3 });
    const ids: bigint[] = [];
    for (let i = 0; i < SCARAB_MAX_SEQ + 3; i++) ids.push(s.next());
    // 4096 ids in ms 1000, then the generator borrows ms 1001.
    expect(decodeScarab(ids[SCARAB_MAX_SEQ]!)).toEqual({ ms: SCARAB_EPOCH_MS + 1_000, node: 3, seq: SCARAB_MAX_SEQ });
    expect(decodeScarab(ids[SCARAB_MAX_SEQ + 1]!)).toEqual({ ms: SCARAB_EPOCH_MS + 1_001, node: 3, seq: 0 });
    clock.set(SCARAB_EPOCH_MS + 500); // backwards
    const back = s.next();
    expect(back).toBeGreaterThan(ids[ids.length - 1]!);
    expect(decodeScarab(back).ms).toBe(SCARAB_EPOCH_MS + 1_001);
    clock.set(SCARAB_EPOCH_MS + 2_000); // forwards again: sequence restarts at 0
    expect(decodeScarab(s.next())).toEqual({ ms: SCARAB_EPOCH_MS + 2_000, node: 3, seq: 0 });
  });

  it('writes the horizon to the Obelisk about once per lease, not per id', () => {
    const file = path.join(dir, 'ids');
    const clock = manualClock(SCARAB_EPOCH_MS + 50_000);
    const o = Obelisk.open(file);
    const s = Scarab.open(o, { clock: clock.now, leaseMs: 1000 });
    s.next();
    expect(o.current()).toBe(51_000);
    clock.set(SCARAB_EPOCH_MS + 50_999);
    s.next();
    expect(o.current()).toBe(51_000);
    clock.set(SCARAB_EPOCH_MS + 51_000);
    s.next();
    expect(o.current()).toBe(52_000);
  });

  it('rejects a node id outside 0..1023', () => {
    expect(() => Scarab.open(Obelisk.open(':memory:'), { node: 1024 })).toThrow(expect.objectContaining({ code: 'SCARAB_BAD_NODE' }));
  });

  it('issues ids above every acknowledged one after the generator is SIGKILLed, even with the clock set back', async () => {
    const out = transpileForChild(path.join(dir, 'js'), ['src/storage/sequencer/scarab.ts', 'src/storage/sequencer/obelisk.ts']);
    const file = path.join(dir, 'crash-ids');
    const script = path.join(out, 'child.mjs');
    fs.writeFileSync(
      script,
      `import { Obelisk } from './src/storage/sequencer/obelisk.js';
import { Scarab } from './src/storage/sequencer/scarab.js';
const s = Scarab.open(Obelisk.open(process.argv[2]), { leaseMs: 50 });
// Yield now and then: stdout to a parent is a socket, whose writes only flush from the event loop.
for (let i = 0; ; i++) { const id = s.next(); if (i % 97 === 0) process.stdout.write(id + '\\n'); if (i % 9700 === 0) await new Promise((r) => setImmediate(r)); }`,
    );
    const lastAcked = await new Promise<bigint>((resolve, reject) => {
      const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buffered = '';
      let last = 0n;
      let count = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          last = BigInt(line);
          count++;
        }
        if (count >= 2000) child.kill('SIGKILL');
      });
      child.on('error', reject);
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`child ended with ${signal}`))));
    });
    const behind = manualClock(decodeScarab(lastAcked).ms - 60_000);
    const s = Scarab.open(Obelisk.open(file), { clock: behind.now });
    expect(s.next()).toBeGreaterThan(lastAcked);
  });
});
