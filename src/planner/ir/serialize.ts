/**
 * JSON form of IR plans and expressions, for caching plans, shipping them
 * over RPC and snapshotting. bigint, Uint8Array and non-finite floats and -0 are
 * tagged ({"$bigint": "12"}, {"$bytes": "0a0b"}, {"$float": "NaN"}).
 * Deserializing rebuilds every node through its constructor, so a tampered
 * or stale document is re-checked like a freshly built plan.
 */
import { assertNever, PyralogError } from '../../errors/pyralog-error.js';
import type { Expr } from './expr.js';
import { Aggregate } from './nodes/aggregate.js';
import { Distinct } from './nodes/distinct.js';
import { Filter } from './nodes/filter.js';
import { Join } from './nodes/join.js';
import { Limit } from './nodes/limit.js';
import { Project } from './nodes/project.js';
import { Recursive } from './nodes/recursive.js';
import { RecursiveRef } from './nodes/recursive-ref.js';
import { Scan } from './nodes/scan.js';
import { SetOp } from './nodes/set-op.js';
import { Sort } from './nodes/sort.js';
import { Values } from './nodes/values.js';
import { Window } from './nodes/window.js';
import type { Rel } from './rel.js';

const FORMAT_VERSION = 1;

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { $float: Object.is(value, -0) ? '-0' : String(value) };
  if (value === undefined) return undefined;
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const v = value as Record<string, unknown>;
  if (typeof v.$bigint === 'string') return BigInt(v.$bigint);
  if (typeof v.$bytes === 'string') return new Uint8Array(Buffer.from(v.$bytes, 'hex'));
  if (typeof v.$float === 'string') return Number(v.$float);
  return value;
}

/** A plan as JSON text (node schemas included for readers; they are re-derived on load). */
export function serializeRel(rel: Rel): string {
  return JSON.stringify({ version: FORMAT_VERSION, plan: rel }, replacer);
}

/** The plan of `serializeRel`, rebuilt and re-checked (errors: BAD_PLAN_JSON, or the constructors' own). */
export function deserializeRel(json: string): Rel {
  const doc = parse(json) as { version?: unknown; plan?: unknown };
  if (doc.version !== FORMAT_VERSION || typeof doc.plan !== 'object' || doc.plan === null) {
    throw new PyralogError('BAD_PLAN_JSON', `not a serialized plan of format version ${FORMAT_VERSION}`, { phase: 'plan' });
  }
  return rebuild(doc.plan as Rel);
}

export function serializeExpr(expr: Expr): string {
  return JSON.stringify(expr, replacer);
}

export function deserializeExpr(json: string): Expr {
  return parse(json) as Expr;
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json, reviver);
  } catch (cause) {
    throw new PyralogError('BAD_PLAN_JSON', 'plan JSON does not parse', { phase: 'plan', cause });
  }
}

/** Rebuild a parsed node (and its inputs) through the constructors. */
function rebuild(raw: Rel): Rel {
  const span = raw.span;
  switch (raw.kind) {
    case 'scan':
      return Scan.create(raw.table, raw.tableSchema, { alias: raw.alias, projection: raw.projection, hints: raw.hints, ...(span ? { span } : {}) });
    case 'values':
      return Values.create(raw.schema, raw.rows, span);
    case 'recursive_ref':
      return RecursiveRef.create(raw.name, raw.schema, span);
    case 'filter':
      return Filter.create(rebuild(raw.input), raw.predicate, span);
    case 'project':
      return Project.create(rebuild(raw.input), raw.exprs, span);
    case 'aggregate':
      return Aggregate.create(rebuild(raw.input), raw.groupBy, raw.aggregates, span);
    case 'sort':
      return Sort.create(rebuild(raw.input), raw.keys, span);
    case 'limit':
      return Limit.create(rebuild(raw.input), raw.offset, raw.limit, span);
    case 'window':
      return Window.create(rebuild(raw.input), raw.calls, span);
    case 'distinct':
      return Distinct.create(rebuild(raw.input), span);
    case 'join':
      return Join.create(rebuild(raw.left), rebuild(raw.right), raw.joinKind, raw.condition, span);
    case 'set_op':
      return SetOp.create(raw.op, rebuild(raw.left), rebuild(raw.right), span);
    case 'recursive':
      return Recursive.create(raw.name, rebuild(raw.base), rebuild(raw.step), raw.distinct, span);
    default:
      return assertNever(raw, 'rel kind');
  }
}
