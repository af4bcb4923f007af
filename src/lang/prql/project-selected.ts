/**
 * Materializes the columns a frame's last Select chose as one projection,
 * the way prqlc's SQL would list them: a `*` expands to all columns of its
 * table instance at its place, and a plain column of an instance whose `*` is
 * also selected is not repeated (`SELECT *, bytes AS x`, not `*, bytes, x`).
 * Names come from the relation's declared columns when given.
 */
import type { Expr } from '../../planner/ir/expr.js';
import { col, Project } from '../../planner/ir/index.js';
import { prqlError } from './prql-error.js';
import type { Binding, Frame, NamedColumn } from './frame.js';
import type { RqRelationColumn } from './rq-types.js';
import { sqlText } from './sql-column-name.js';

interface Item {
  readonly cid: number;
  readonly binding: Binding;
  readonly name: string | null;
}

/**
 * The frame whose relation is exactly the selected columns (bindings now plain
 * column references). `columns` are the relation's declared output columns,
 * aligned with `frame.selected`, that name them.
 */
export function projectSelected(frame: Frame, source: string, columns?: readonly RqRelationColumn[]): Frame {
  return projectWithPositions(frame, source, columns).frame;
}

/** The projected frame and, per selected column, its output positions (a `*` has several). */
export function projectWithPositions(
  frame: Frame,
  source: string,
  columns?: readonly RqRelationColumn[],
): { readonly frame: Frame; readonly positions: readonly (readonly number[])[] } {
  const items: Item[] = frame.selected.map((cid, i) => {
    const binding = frame.cols.get(cid);
    if (binding === undefined) throw prqlError('PRQL_INTERNAL', `selected column id ${cid} is not in scope`, source);
    const declared = columns?.[i];
    const name = declared !== undefined && declared !== 'Wildcard' ? declared.Single : null;
    return { cid, binding, name };
  });
  const starred = new Set<number>();
  for (const it of items) if (it.binding.kind === 'wildcard') starred.add(it.binding.instance);

  const declaredNames = new Set(items.map((it) => it.name).filter((n) => n !== null));
  let placeholders = 0;
  const unnamed = (b: Binding & { kind: 'expr' }): string => {
    const own = b.name ?? nameOfExpr(b.expr, frame);
    if (b.rq === undefined && own !== undefined && !declaredNames.has(own)) return own;
    if (b.rq !== undefined) {
      const text = sqlText(b.rq, (ref) => {
        const r = frame.cols.get(ref);
        return r?.kind === 'expr' ? r.name ?? (r.expr.kind === 'column' ? nameOfExpr(r.expr, frame) : undefined) : undefined;
      });
      if (text !== undefined) return text;
    }
    return `_expr_${placeholders++}`;
  };
  const exprs: NamedColumn[] = [];
  const cols = new Map<number, Binding>();
  const dropped: Item[] = [];
  const positions = new Map<Item, number[]>();
  for (const it of items) {
    const b = it.binding;
    switch (b.kind) {
      case 'wildcard': {
        const start = exprs.length;
        // A `*` is the whole table, as prql-js 0.12's SQL has it (`select !{a}` also gives `SELECT *`).
        const out = b.columns;
        positions.set(it, out.map((_, k) => start + k));
        exprs.push(...out);
        const columnsOut = out.map((c, k) => ({ expr: col(start + k, c.name), name: c.name }));
        cols.set(it.cid, { kind: 'wildcard', columns: columnsOut, instance: b.instance });
        break;
      }
      case 'expr': {
        if (b.instance !== undefined && starred.has(b.instance)) {
          dropped.push(it);
          break;
        }
        const name = it.name ?? unnamed(b);
        positions.set(it, [exprs.length]);
        cols.set(it.cid, { kind: 'expr', expr: col(exprs.length, name), name, ...(b.instance !== undefined ? { instance: b.instance } : {}) });
        exprs.push({ expr: b.expr, name });
        break;
      }
      case 'deferred':
        throw prqlError('PRQL_UNSUPPORTED', 'an aggregate can only be used inside `aggregate`', source);
    }
  }
  // A column covered by its table's `*` still resolves: to that column inside the expansion.
  for (const it of dropped) {
    const b = it.binding;
    if (b.kind !== 'expr' || b.instance === undefined) continue;
    const star = [...cols.values()].find((c) => c.kind === 'wildcard' && c.instance === b.instance);
    const name = b.name ?? it.name;
    const hit = star?.kind === 'wildcard' ? star.columns.find((c) => c.name === name) : undefined;
    if (hit !== undefined) {
      cols.set(it.cid, { kind: 'expr', expr: hit.expr, name: hit.name, instance: b.instance });
      if (hit.expr.kind === 'column') positions.set(it, [hit.expr.index]);
    }
  }
  const rel = Project.create(frame.rel, exprs);
  return {
    frame: { rel, cols, selected: frame.selected, sort: [], sortIntact: true },
    positions: items.map((it) => positions.get(it) ?? []),
  };
}

function nameOfExpr(e: Expr, frame: Frame): string | undefined {
  if (e.kind === 'column') return frame.rel.schema.fields[e.index]?.name ?? e.name;
  return undefined;
}
