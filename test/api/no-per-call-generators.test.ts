/**
 * The query path makes no generator function per call. A generator function
 * created at run time — a generator method in an object literal (`{ *open()
 * {…} }`), a `function*` expression in a function body — keeps everything it
 * captures alive through V8's young-generation GCs (its initial map, in old
 * space, points back at it): every query promoted its whole operator tree,
 * and a server answering thousands of queries a second paid 5–20 ms
 * scavenges for it (docs/server.md, "Latency and GC"). Generators belong at
 * module level or on a class's prototype, which are made once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;
/** The directories of the query and storage paths. */
const DIRS = ['engine', 'storage', 'server'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Lines that make a generator function per call: an object-literal generator method (indented past class-member depth) or a `function*` expression. */
function perCallGenerators(text: string): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    const literalMethod = /^\s{4,}(async\s+)?\*\s*(\w+|\[[^\]]+\])\s*\(/.test(line);
    const expression = /[=:(,]\s*(async\s+)?function\s*\*/.test(line);
    if (literalMethod || expression) out.push(i + 1);
  });
  return out;
}

describe('no generator function made per call on the query path', () => {
  it('finds none under src/engine, src/storage and src/server', () => {
    const found = DIRS.flatMap((d) => sources(join(SRC, d))).flatMap((path) => perCallGenerators(readFileSync(path, 'utf8')).map((line) => `${path.slice(SRC.length)}:${line}`));
    expect(found).toEqual([]);
  });

  it('recognises the shapes it forbids and leaves class and module generators alone', () => {
    const bad = ['  return {', '    *open() {', '    },', '  };', '  const f = function* () {};', '  return { [Symbol.iterator]: async function* () {} };', '      *[Symbol.iterator]() {'].join('\n');
    expect(perCallGenerators(bad)).toEqual([2, 5, 6, 7]);
    const fine = ['function* rows() {}', 'class A {', '  *values() {}', '  async *stream() {}', '}', '  yield* inner();', '  return { open: () => rows() };'].join('\n');
    expect(perCallGenerators(fine)).toEqual([]);
  });
});
