/**
 * Bitcoin Core's FindAndDelete: removes every occurrence of a byte pattern
 * that starts at an operation boundary of a script (legacy CHECKSIG removes
 * the signature's own push from the script code before hashing).
 */

import { readScriptOp } from './script-op.js';

/** The script with matches of `pattern` removed, and how many were removed. */
export function findAndDelete(script: Uint8Array, pattern: Uint8Array): { script: Uint8Array; found: number } {
  const n = pattern.length;
  if (n === 0) return { script, found: 0 };
  const end = script.length;
  const kept: Uint8Array[] = [];
  let found = 0;
  let pc = 0;
  let pc2 = 0;
  const matchesAt = (at: number): boolean => {
    if (end - at < n) return false;
    for (let i = 0; i < n; i++) if (script[at + i] !== pattern[i]) return false;
    return true;
  };
  for (;;) {
    if (pc > pc2) kept.push(script.subarray(pc2, pc));
    while (matchesAt(pc)) {
      pc += n;
      found++;
    }
    pc2 = pc;
    const o = readScriptOp(script, pc);
    if (o === undefined) break;
    pc = o.end;
  }
  if (found === 0) return { script, found: 0 };
  kept.push(script.subarray(pc2, end));
  let total = 0;
  for (const k of kept) total += k.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const k of kept) {
    out.set(k, at);
    at += k.length;
  }
  return { script: out, found };
}
