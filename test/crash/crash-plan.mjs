/**
 * What batch number b of the crash test writes, shared by the child (which
 * writes it) and the test (which checks the store against it).
 */
export const APPEND_BASE = 1_000_000n;

export function batchPlan(b) {
  const append = b % 7 === 3;
  const rows = [];
  if (append) {
    // Bulk batches cycle through 16 key slots: later ones overwrite earlier ones (newest must win across
    // segments), and the store stays small enough that checking it after every kill stays cheap.
    for (let j = 0; j < 1100; j++) rows.push({ k: APPEND_BASE + BigInt(b % 16) * 2000n + BigInt(j), v: BigInt(b), s: `a${b}` });
  } else {
    for (let j = 0; j < 8; j++) rows.push({ k: BigInt(b) * 8n + BigInt(j), v: BigInt(b), s: `b${b}-${j}` });
  }
  // Each batch deletes the last row of the batch before it (when that was a small batch).
  const deletes = b > 0 && (b - 1) % 7 !== 3 ? [BigInt(b - 1) * 8n + 7n] : [];
  return { append, rows, deletes, flush: b % 3 === 2, compact: b % 7 === 6 };
}
