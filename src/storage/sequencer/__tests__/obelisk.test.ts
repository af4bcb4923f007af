import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { Obelisk } from '../obelisk.js';
import { transpileForChild } from './transpile-for-child.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obelisk-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Obelisk', () => {
  it('counts from 1 and its value is the file size', () => {
    const file = path.join(dir, 'seq');
    const o = Obelisk.open(file);
    expect(o.current()).toBe(0);
    expect(o.next()).toBe(1);
    expect(o.next()).toBe(2);
    expect(o.current()).toBe(2);
    expect(fs.statSync(file).size).toBe(2);
    o.close();
  });

  it('reserve(n) returns the first of n fresh values', () => {
    const o = Obelisk.open(path.join(dir, 'seq'), { sync: false });
    expect(o.next()).toBe(1);
    expect(o.reserve(100)).toBe(2);
    expect(o.current()).toBe(101);
    expect(o.next()).toBe(102);
    expect(() => o.reserve(0)).toThrow(PyralogError);
    o.close();
  });

  it('is monotonic across reopen and stays sparse at large values', () => {
    const file = path.join(dir, 'seq');
    let last = 0;
    for (let round = 0; round < 5; round++) {
      const o = Obelisk.open(file);
      for (let i = 0; i < 20; i++) {
        const v = o.next();
        expect(v).toBe(last + 1);
        last = v;
      }
      o.close();
    }
    const o = Obelisk.open(file);
    expect(o.current()).toBe(100);
    expect(o.advanceTo(5_000_000_000)).toBe(5_000_000_000);
    expect(o.advanceTo(10)).toBe(5_000_000_000); // never lowers
    expect(o.next()).toBe(5_000_000_001);
    o.close();
    // A 5 GB counter uses (almost) no disk blocks.
    expect(fs.statSync(file).blocks).toBeLessThan(16);
    expect(Obelisk.open(file).current()).toBe(5_000_000_001);
  });

  it('fails with SEQUENCER_CLOSED after close', () => {
    const o = Obelisk.open(path.join(dir, 'seq'));
    o.close();
    expect(() => o.next()).toThrow(expect.objectContaining({ code: 'SEQUENCER_CLOSED' }));
  });

  it(':memory: has the same interface and forgets on close', () => {
    const m = Obelisk.open(':memory:');
    expect(m.durable).toBe(false);
    expect(m.next()).toBe(1);
    expect(m.reserve(10)).toBe(2);
    expect(m.current()).toBe(11);
    expect(m.advanceTo(50)).toBe(50);
    m.close();
    expect(Obelisk.open(':memory:').current()).toBe(0);
  });

  it('keeps every acknowledged value when the writer is SIGKILLed mid-increment', async () => {
    const out = transpileForChild(path.join(dir, 'js'), ['src/storage/sequencer/obelisk.ts', 'src/errors/pyralog-error.ts']);
    const file = path.join(dir, 'crash-seq');
    const script = path.join(out, 'child.mjs');
    fs.writeFileSync(
      script,
      `import { Obelisk } from './src/storage/sequencer/obelisk.js';
const o = Obelisk.open(process.argv[2], { sync: process.argv[3] === 'sync' });
// Yield now and then: stdout to a parent is a socket, whose writes only flush from the event loop.
for (let i = 0; ; i++) { const v = o.next(); process.stdout.write(v + '\\n'); if (i % 256 === 0) await new Promise((r) => setImmediate(r)); }`,
    );
    for (const mode of ['nosync', 'sync', 'nosync']) {
      const before = Obelisk.open(file).current();
      const lastAcked = await new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [script, file, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
        let buffered = '';
        let last = 0;
        let killed = false;
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) last = Number(line);
          if (!killed && last >= before + 200) {
            killed = true;
            child.kill('SIGKILL');
          }
        });
        child.on('error', reject);
        child.on('exit', (_code, signal) => {
          if (signal !== 'SIGKILL') reject(new Error(`child ended without SIGKILL (${signal})`));
          else resolve(last);
        });
      });
      const after = Obelisk.open(file);
      expect(lastAcked).toBeGreaterThanOrEqual(before + 200);
      expect(after.current()).toBeGreaterThanOrEqual(lastAcked);
      expect(after.next()).toBeGreaterThan(lastAcked);
      after.close();
    }
  });
});
