import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { open } from '../../src/index.js';
import { openBatutaSession } from '../../src/engine/batuta-session.js';
import { openChinookPyralog } from '../prql/pyralog-runner.js';
it('eval', async () => {
  const db = process.env.CHINOOK ? await openChinookPyralog() : open(':memory:');
  const snippets = readFileSync('/tmp/snippets.txt', 'utf8').split('\n====\n');
  const out: string[] = [];
  for (const s of snippets) {
    const session = openBatutaSession(db);
    try {
      const r = await session.evaluate(s);
      out.push(s + '\n  => ' + (r.kind === 'value' ? r.edn + '   json=' + JSON.stringify(r.json, (_k, v) => typeof v === 'bigint' ? `${v}n` : v) : 'RELATION ' + JSON.stringify(r.result.toJSON()).slice(0, 300)));
    } catch (e) { out.push(s + '\n  !! ' + ((e as { code?: string }).code ?? '') + ' ' + (e as Error).message); }
    session.close();
  }
  process.stderr.write(out.join('\n') + '\n');
  db.close();
});
