/**
 * Client-side encoding of values for the server's JSON (see docs/rpc.md):
 * a bigint within ±(2^53−1) becomes a JSON number, a larger one
 * `{"$bigint":"…"}`; a Uint8Array `{"$bytes":"hex"}`; a non-finite number
 * `{"$float":"NaN"|"Infinity"|"-Infinity"}`. Integral JS numbers are sent as
 * they are, so the server reads them as int64: use `{ $float: n }` for a
 * float64 parameter with an integral value.
 */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function encodeValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v > MAX_SAFE || v < -MAX_SAFE ? { $bigint: v.toString() } : Number(v);
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $float: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encodeValue(x);
    return out;
  }
  return v;
}
