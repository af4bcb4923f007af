/**
 * Test helper: transpiles source files (TypeScript → ESM JavaScript, same
 * relative layout) into a temporary directory so that a child process, which
 * cannot load .ts, can import them. Follows relative imports, so naming the
 * entry files is enough. Used by tests that SIGKILL a child mid-write and by
 * the CLI test that runs bin/pyralog.js against a freshly built tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/**
 * Writes `relFiles` (paths from the repo root, `.ts`) and every file they
 * import statically and relatively as `.js` under `outDir/prefix`; returns
 * outDir. Dynamic `import()`s are not followed: name their targets too.
 */
export function transpileForChild(outDir: string, relFiles: readonly string[], prefix = ''): string {
  const pending = [...relFiles];
  const done = new Set<string>();
  while (pending.length > 0) {
    const rel = pending.pop()!;
    if (done.has(rel)) continue;
    done.add(rel);
    const source = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: rel,
    });
    for (const m of source.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)\.js'/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), `${m[1]}.ts`));
      if (fs.existsSync(path.join(repoRoot, target))) pending.push(target);
    }
    const target = path.join(outDir, prefix, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.outputText);
  }
  fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"module","name":"pyralog","version":"0.0.0-test"}');
  return outDir;
}
