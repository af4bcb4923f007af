/**
 * The short way for a lookup by full primary key: a plan that is only
 * `scan | filter key₁ == v₁ && … && keyₙ == vₙ` (optionally `| select` of
 * plain columns) is answered by one Snapshot.get, without building and
 * running the executor's operator tree — for a point query that tree costs
 * several times the lookup itself. The result is the executor's, value for
 * value: the key is the filter's own operands normalized as the executor
 * normalizes them, the row's values are normalized to the scan's column types
 * as the scan operator does, and the filter is TRUE for the row found because
 * equality on these key types (int64, timestamp, date, bool, utf8) is the
 * identity of the value and the key encoding is one-to-one; a number (float64)
 * parameter against an int64 key, which is what JSON clients send, is taken
 * when it is a safe integer (and answers no row when it is not an integer).
 * Anything else
 * (other key types, another operator, a missing parameter, a type mismatch)
 * is left to the executor.
 */
import type { Expr } from '../planner/ir/expr.js';
import type { Rel, ScanRel } from '../planner/ir/rel.js';
import type { PlannedPhysical } from '../planner/physical/index.js';
import type { Snapshot } from '../storage/api.js';
import type { DataType, Scalar } from '../types/data-type.js';
import { makeChunk, type Chunk } from './exec/chunk.js';
import { columnFromScalars } from './exec/column.js';
import { normalizeScalar } from './exec/expr/compile-expr.js';

/** Key types whose equality is the identity of the (normalized) value. */
const EXACT_KEY_TYPES: ReadonlySet<DataType> = new Set<DataType>(['int64', 'timestamp', 'date', 'bool', 'utf8']);

/** A key value: a literal, or a parameter read (and normalized) at each run. */
type KeyOperand =
  | { readonly kind: 'literal'; readonly value: Scalar }
  | { readonly kind: 'param'; readonly name: string; readonly type: DataType }
  /** A number (float64) parameter against an int64 key, as JSON clients send it. */
  | { readonly kind: 'number-param'; readonly name: string };

/** What a point-lookup plan does: the key operands in key order, and the scan columns each output column takes. */
interface PointShape {
  readonly table: string;
  readonly key: readonly KeyOperand[];
  /** Per scan output column: its table column name and type. */
  readonly scanColumns: readonly { readonly name: string; readonly type: DataType }[];
  /** Per result column: the scan output column it copies. */
  readonly picks: readonly number[];
}

const shapes = new WeakMap<PlannedPhysical, PointShape | null>();

/** The equalities of a conjunction `a == b && …` as [column index, operand] pairs, or null when it is anything else. */
function keyEqualities(e: Expr, out: [number, Expr][]): boolean {
  if (e.kind !== 'call') return false;
  if (e.fn === 'and') return e.args.every((a) => keyEqualities(a, out));
  if (e.fn !== 'eq' || e.args.length !== 2) return false;
  const [a, b] = e.args as [Expr, Expr];
  if (a.kind === 'column' && (b.kind === 'param' || b.kind === 'literal')) out.push([a.index, b]);
  else if (b.kind === 'column' && (a.kind === 'param' || a.kind === 'literal')) out.push([b.index, a]);
  else return false;
  return true;
}

function shapeOf(root: Rel, primaryKey: (table: string) => readonly string[] | undefined): PointShape | null {
  let rel = root;
  let picks: number[] | null = null;
  if (rel.kind === 'project') {
    picks = [];
    for (const { expr } of rel.exprs) {
      if (expr.kind !== 'column') return null;
      picks.push(expr.index);
    }
    rel = rel.input;
  }
  if (rel.kind !== 'filter' || rel.input.kind !== 'scan') return null;
  const scan: ScanRel = rel.input;
  const pairs: [number, Expr][] = [];
  if (!keyEqualities(rel.predicate, pairs)) return null;
  const pk = primaryKey(scan.table);
  if (pk === undefined || pk.length === 0 || pairs.length !== pk.length) return null;
  const fields = scan.schema.fields;
  const key: KeyOperand[] = new Array<KeyOperand>(pk.length);
  for (const [index, operand] of pairs) {
    const field = fields[index];
    const at = field === undefined ? -1 : pk.indexOf(field.name);
    if (field === undefined || at < 0 || key[at] !== undefined) return null;
    if (!EXACT_KEY_TYPES.has(field.type)) return null;
    if (operand.kind === 'literal') {
      if (operand.type !== field.type || operand.value === null) return null;
      key[at] = { kind: 'literal', value: normalizeScalar(operand.value, field.type) };
    } else if (operand.kind === 'param' && operand.type === 'float64' && field.type === 'int64') {
      key[at] = { kind: 'number-param', name: operand.name };
    } else if (operand.kind === 'param') {
      if (operand.type !== field.type) return null;
      key[at] = { kind: 'param', name: operand.name, type: operand.type };
    } else return null;
  }
  const scanColumns = fields.map((f) => ({ name: f.name, type: f.type }));
  const out = picks ?? scanColumns.map((_c, j) => j);
  if (out.some((j) => scanColumns[j] === undefined)) return null;
  if (root.schema.fields.some((f, j) => f.type !== scanColumns[out[j]!]!.type)) return null;
  return { table: scan.table, key, scanColumns, picks: out };
}

/**
 * The result chunks of `planned` when it is a lookup by full primary key
 * (none or one dense chunk of one row), or undefined when the executor must
 * run it. `params` are the run's normalized parameters.
 */
export function pointLookup(planned: PlannedPhysical, params: Readonly<Record<string, Scalar>>, snapshot: Snapshot): readonly Chunk[] | undefined {
  let shape = shapes.get(planned);
  if (shape === undefined) {
    shape = shapeOf(planned.root, (table) => {
      try {
        return snapshot.table(table).primaryKey;
      } catch {
        return undefined;
      }
    });
    shapes.set(planned, shape);
  }
  if (shape === null) return undefined;
  const key: Scalar[] = new Array<Scalar>(shape.key.length);
  for (let i = 0; i < key.length; i++) {
    const k = shape.key[i]!;
    if (k.kind === 'literal') key[i] = k.value;
    else if (k.kind === 'number-param') {
      // int64 == float64 compares as float64: a non-integer (or NaN) equals no key, a safe
      // integer exactly its own; beyond 2^53 rounding decides, so the executor does.
      if (!Object.prototype.hasOwnProperty.call(params, k.name)) return undefined;
      const v = params[k.name] ?? null;
      if (v === null) return [];
      if (typeof v !== 'number') return undefined;
      if (Number.isSafeInteger(v)) key[i] = BigInt(v);
      else if (Number.isNaN(v) || !Number.isInteger(v)) return [];
      else return undefined;
    } else {
      if (!Object.prototype.hasOwnProperty.call(params, k.name)) return undefined; // the executor reports PARAM_MISSING
      const v = normalizeScalar(params[k.name] ?? null, k.type);
      if (v === null) return []; // key == NULL is never TRUE
      key[i] = v;
    }
  }
  const row = snapshot.get(shape.table, key);
  if (row === undefined) return [];
  const columns = shape.picks.map((j) => {
    const c = shape.scanColumns[j]!;
    return columnFromScalars(c.type, [normalizeScalar(row[c.name] ?? null, c.type)]);
  });
  return [makeChunk(columns, 1)];
}
