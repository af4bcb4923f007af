/**
 * A relation under construction: its IR plan plus, for each output column,
 * the names it answers to (`:col`, `:table/col`, `:alias/col`). Keywords in
 * relational forms resolve against a frame; `as` re-qualifies one.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import { Keyword } from '../../../grammars/batuta/forms.js';
import type { Rel } from '../../../planner/ir/rel.js';
import type { Scalar } from '../../../types/data-type.js';
import type { CatalogView } from '../../registry.js';
import { batutaError } from '../batuta-error.js';
import type { Runtime } from '../runtime.js';

export interface FrameColumn {
  readonly name: string;
  /** Table names and aliases that qualify this column. */
  readonly quals: readonly string[];
}

export interface Frame {
  readonly rel: Rel;
  readonly cols: readonly FrameColumn[];
}

/** What building a relation needs: the catalog and parameters of the moment, and the runtime (for macros and lexical values). */
export interface RelContext {
  readonly catalog: CatalogView;
  readonly params: Readonly<Record<string, Scalar>>;
  readonly rt: Runtime;
}

/** A frame over `rel` whose columns keep their names and take qualifiers from `quals` (by position) or none. */
export function frameOf(rel: Rel, quals: (i: number) => readonly string[] = () => []): Frame {
  return { rel, cols: rel.schema.fields.map((f, i) => ({ name: f.name, quals: quals(i) })) };
}

const describe = (c: FrameColumn): string => (c.quals[0] !== undefined ? `${c.quals[0]}/${c.name}` : c.name);

/** The index of the column a keyword names (`:col` must be unambiguous; `:q/col` picks by qualifier). */
export function resolveColumn(frame: Frame, name: string, span: SourceSpan | undefined): number {
  const kw = new Keyword(name);
  const qual = kw.ns;
  const local = kw.local;
  const matches: number[] = [];
  frame.cols.forEach((c, i) => {
    if (c.name === local && (qual === undefined || c.quals.includes(qual))) matches.push(i);
  });
  if (matches.length === 1) return matches[0] as number;
  if (matches.length > 1) {
    throw batutaError('BATUTA_UNKNOWN_COLUMN', `column :${name} is ambiguous: ${matches.map((i) => `:${describe(frame.cols[i] as FrameColumn)}`).join(', ')}`, span, [
      'qualify it with the table or alias (:t/col)',
    ]);
  }
  throw batutaError('BATUTA_UNKNOWN_COLUMN', `unknown column :${name}`, span, [`the input has: ${frame.cols.map((c) => `:${describe(c)}`).join(' ')}`]);
}
