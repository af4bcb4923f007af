/**
 * Text rendering of IR expressions and plans: one line per node, children
 * indented by two spaces, stable for snapshot tests, e.g.
 *   Filter: gt(#1 total, 10)
 *     Scan: invoices [invoice_id, total]
 */
import { assertNever } from '../../errors/pyralog-error.js';
import type { DataType, Scalar } from '../../types/data-type.js';
import type { AggregateCall, Expr, FrameBound, NamedExpr, SortKey, WindowCall } from './expr.js';
import { childrenOf } from './children.js';
import type { Rel } from './rel.js';
import type { Schema } from '../../types/schema.js';
import { describeSchema } from './schema-utils.js';

const NS_PER_MS = 1_000_000n;

/** A scalar as it reads in a plan: 10, 2.5, 'text', DATE '2024-01-31', NULL. */
export function printScalar(value: Scalar, type?: DataType): string {
  if (value === null) return 'NULL';
  if (type === 'date' && typeof value === 'number') return `DATE '${new Date(value * 86_400_000).toISOString().slice(0, 10)}'`;
  if (type === 'timestamp' && typeof value === 'bigint') {
    const ms = value / NS_PER_MS - (value % NS_PER_MS < 0n ? 1n : 0n);
    const subNs = value - ms * NS_PER_MS;
    const iso = new Date(Number(ms)).toISOString().slice(0, 23);
    return `TIMESTAMP '${subNs === 0n ? iso : `${iso}${subNs.toString().padStart(6, '0')}`}'`;
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isInteger(value) ? value.toFixed(1) : String(value);
    case 'string':
      return `'${value.replaceAll("'", "''")}'`;
    default:
      if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
      return `INTERVAL(${value.months} months, ${value.nanos} ns)`;
  }
}

/**
 * An expression as text. With `input` (the schema the expression reads),
 * column names come from it rather than from the possibly stale `name` hint.
 */
export function printExpr(e: Expr, input?: Schema): string {
  const p = (x: Expr): string => printExpr(x, input);
  switch (e.kind) {
    case 'literal':
      return printScalar(e.value, e.type);
    case 'column': {
      const name = input?.fields[e.index]?.name ?? e.name;
      return name === undefined ? `#${e.index}` : `#${e.index} ${name}`;
    }
    case 'param':
      return `$${e.name}`;
    case 'call':
      return `${e.fn}(${e.args.map(p).join(', ')})`;
    case 'case': {
      const whens = e.whens.map((w) => `when ${p(w.when)} then ${p(w.then)}`);
      return `case(${[...whens, ...(e.otherwise === null ? [] : [`else ${p(e.otherwise)}`])].join(', ')})`;
    }
    case 'cast':
      return `cast(${p(e.expr)} as ${e.to})`;
    case 'in_list':
      return `${e.negated ? 'not_in' : 'in'}(${p(e.expr)}, [${e.list.map(p).join(', ')}])`;
    default:
      return assertNever(e, 'expression kind');
  }
}

function printNamed({ expr, name }: NamedExpr, input: Schema): string {
  const text = printExpr(expr, input);
  return expr.kind === 'column' && input.fields[expr.index]?.name === name ? text : `${text} as ${name}`;
}

function printSortKey(k: SortKey, input: Schema): string {
  return `${printExpr(k.expr, input)} ${k.descending ? 'desc' : 'asc'}${k.nullsFirst ? ' nulls first' : ' nulls last'}`;
}

function printAggregate(a: AggregateCall, input: Schema): string {
  const distinct = a.distinct ? 'distinct ' : '';
  const filter = a.filter === null ? '' : ` filter ${printExpr(a.filter, input)}`;
  return `${a.fn}(${distinct}${a.args.map((x) => printExpr(x, input)).join(', ')})${filter} as ${a.name}`;
}

function printBound(b: FrameBound): string {
  const offset = b.offset === undefined ? '' : `${printScalar(b.offset)} `;
  return `${offset}${b.kind.replaceAll('_', ' ')}`;
}

function printWindowCall(c: WindowCall, input: Schema): string {
  const e = (x: Expr): string => printExpr(x, input);
  const parts = [`${c.fn}(${c.args.map(e).join(', ')})`];
  if (c.partitionBy.length > 0) parts.push(`partition by [${c.partitionBy.map(e).join(', ')}]`);
  if (c.orderBy.length > 0) parts.push(`order by [${c.orderBy.map((k) => printSortKey(k, input)).join(', ')}]`);
  if (c.frame !== null) parts.push(`${c.frame.unit} between ${printBound(c.frame.start)} and ${printBound(c.frame.end)}`);
  return `${parts.join(' ')} as ${c.name}`;
}

/** The one-line description of a node (without its inputs). */
export function printNode(rel: Rel): string {
  switch (rel.kind) {
    case 'scan': {
      const name = rel.alias === rel.table ? rel.table : `${rel.table} as ${rel.alias}`;
      const hints = rel.hints.length === 0 ? '' : ` hints=[${rel.hints.map((h) => printExpr(h, rel.tableSchema)).join(', ')}]`;
      return `Scan: ${name} [${rel.schema.fields.map((f) => f.name).join(', ')}]${hints}`;
    }
    case 'values':
      return `Values: ${rel.rows.length} row${rel.rows.length === 1 ? '' : 's'} [${rel.schema.fields.map((f) => f.name).join(', ')}]`;
    case 'filter':
      return `Filter: ${printExpr(rel.predicate, rel.input.schema)}`;
    case 'project':
      return `Project: ${rel.exprs.map((x) => printNamed(x, rel.input.schema)).join(', ')}`;
    case 'aggregate': {
      const input = rel.input.schema;
      return `Aggregate: by [${rel.groupBy.map((x) => printNamed(x, input)).join(', ')}] [${rel.aggregates.map((a) => printAggregate(a, input)).join(', ')}]`;
    }
    case 'join': {
      const input: Schema = { fields: [...rel.left.schema.fields, ...rel.right.schema.fields] };
      return `Join ${rel.joinKind}${rel.condition === null ? '' : `: ${printExpr(rel.condition, input)}`}`;
    }
    case 'sort':
      return `Sort: ${rel.keys.map((k) => printSortKey(k, rel.input.schema)).join(', ')}`;
    case 'limit':
      return `Limit: ${rel.limit === null ? 'all' : rel.limit}${rel.offset === 0 ? '' : ` offset ${rel.offset}`}`;
    case 'window':
      return `Window: ${rel.calls.map((c) => printWindowCall(c, rel.input.schema)).join(', ')}`;
    case 'distinct':
      return 'Distinct';
    case 'set_op':
      return `SetOp: ${rel.op}`;
    case 'recursive':
      return `Recursive: ${rel.name}${rel.distinct ? ' distinct' : ''}`;
    case 'recursive_ref':
      return `RecursiveRef: ${rel.name}`;
    default:
      return assertNever(rel, 'rel kind');
  }
}

export interface PrintOptions {
  /** Append each node's output schema: ` -> (a: int64, b: utf8?)`. */
  readonly schema?: boolean;
  /** Annotate nodes with extra text (the physical printer adds access paths). */
  readonly annotate?: (rel: Rel) => string | undefined;
}

/** The plan as indented text, one node per line, inputs below their consumer. */
export function printPlan(rel: Rel, options: PrintOptions = {}): string {
  const lines: string[] = [];
  const walk = (r: Rel, depth: number): void => {
    const note = options.annotate?.(r);
    const schema = options.schema === true ? ` -> ${describeSchema(r.schema)}` : '';
    lines.push(`${'  '.repeat(depth)}${printNode(r)}${note === undefined ? '' : ` ${note}`}${schema}`);
    for (const c of childrenOf(r)) walk(c, depth + 1);
  };
  walk(rel, 0);
  return lines.join('\n');
}
