/**
 * The analytics table's rows as formulas: a seeded 32-bit integer hash that
 * JS and SQL (DuckDB) compute bit for bit alike, so every engine gets the
 * same data without shipping it — columns() in JS, duckdbCreateSql() in SQL.
 */

/** A 32-bit integer hash of (i, salt): (i·2654435761 + salt) mod 2³², xor-shift 15, ·2146121005 mod 2³², xor-shift 13. */
export function mix(i: number, salt: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + salt) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** The same hash in SQL over an integer column `i` (DuckDB's xor(); products stay below 2⁶³). */
function sqlMix(i: string, salt: number): string {
  const h1 = `((${i} * 2654435761 + ${salt}) % 4294967296)`;
  const h2 = `xor(${h1}, ${h1} >> 15)`;
  const h3 = `((${h2}) * 2146121005 % 4294967296)`;
  return `xor(${h3}, ${h3} >> 13)`;
}

const salts = (seed: number): { k: number; q: number; v: number } => ({ k: seed * 4 + 1, q: seed * 4 + 2, v: seed * 4 + 3 });

/** DuckDB: CREATE TABLE f with the same rows as `columns(seed, 0, rows)`. */
export function duckdbCreateSql(seed: number, rows: number): string {
  const s = salts(seed);
  return `CREATE TABLE f AS SELECT i::BIGINT AS id, (${sqlMix('i', s.k)} % 1000)::BIGINT AS k, (${sqlMix('i', s.q)} % 100)::BIGINT AS q, (${sqlMix('i', s.v)})::DOUBLE / 65536.0 AS v FROM range(${rows}) r(i)`;
}

export interface Columns {
  readonly id: BigInt64Array;
  readonly k: BigInt64Array;
  readonly q: BigInt64Array;
  readonly v: Float64Array;
}

/** Rows first..first+n−1. */
export function columns(seed: number, first: number, n: number): Columns {
  const s = salts(seed);
  const c = { id: new BigInt64Array(n), k: new BigInt64Array(n), q: new BigInt64Array(n), v: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    const i = first + j;
    c.id[j] = BigInt(i);
    c.k[j] = BigInt(mix(i, s.k) % 1000);
    c.q[j] = BigInt(mix(i, s.q) % 100);
    c.v[j] = mix(i, s.v) / 65536;
  }
  return c;
}

