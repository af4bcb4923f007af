/**
 * A fast-check generator of random, valid PRQL pipelines over Chinook whose
 * results are deterministic (every `take` follows a sort ending in a unique
 * key; no sort on float aggregates, whose last bits depend on summation
 * order) and inside the semantics Pyralog and SQLite share (no `//`, whose
 * prqlc SQLite SQL is off for quotients in (-1, 1); no non-ASCII case mapping).
 * The generator tracks the columns in scope and their types step by step.
 */
import fc from 'fast-check';

type Kind = 'int' | 'float' | 'text';
interface Col {
  readonly name: string;
  readonly kind: Kind;
  readonly nullable: boolean;
}
interface State {
  cols: Col[];
  /** A column whose values are unique (the table key, or the group key after a group). */
  key: string | null;
  /** Low-cardinality int columns to group by. */
  groupable: string[];
  grouped: boolean;
  derived: number;
  /** A `take` happened: prql-js 0.12.1 drops the ORDER BY of `sort | take` before a group, so none follows. */
  taken: boolean;
  readonly table: string;
  joined: boolean;
}

interface TableSpec {
  readonly name: string;
  readonly cols: readonly Col[];
  readonly key: string;
  readonly groupable: readonly string[];
}

const c = (name: string, kind: Kind, nullable = false): Col => ({ name, kind, nullable });

const TABLES: readonly TableSpec[] = [
  {
    name: 'tracks',
    key: 'track_id',
    groupable: ['album_id', 'genre_id', 'media_type_id'],
    cols: [c('track_id', 'int'), c('name', 'text'), c('album_id', 'int'), c('media_type_id', 'int'), c('genre_id', 'int'), c('composer', 'text', true), c('milliseconds', 'int'), c('bytes', 'int'), c('unit_price', 'float')],
  },
  {
    name: 'invoices',
    key: 'invoice_id',
    groupable: ['customer_id'],
    cols: [c('invoice_id', 'int'), c('customer_id', 'int'), c('billing_city', 'text'), c('billing_country', 'text'), c('billing_state', 'text', true), c('total', 'float')],
  },
  {
    name: 'customers',
    key: 'customer_id',
    groupable: ['support_rep_id'],
    cols: [c('customer_id', 'int'), c('first_name', 'text'), c('last_name', 'text'), c('company', 'text', true), c('city', 'text'), c('country', 'text'), c('state', 'text', true), c('support_rep_id', 'int')],
  },
  {
    name: 'invoice_items',
    key: 'invoice_line_id',
    groupable: ['invoice_id', 'quantity'],
    cols: [c('invoice_line_id', 'int'), c('invoice_id', 'int'), c('track_id', 'int'), c('unit_price', 'float'), c('quantity', 'int')],
  },
  {
    name: 'albums',
    key: 'album_id',
    groupable: ['artist_id'],
    cols: [c('album_id', 'int'), c('title', 'text'), c('artist_id', 'int')],
  },
];

type Pick = (n: number) => number;

function choose<T>(pick: Pick, items: readonly T[]): T {
  const item = items[pick(items.length)];
  if (item === undefined) throw new Error('choose from an empty list');
  return item;
}

const INT_LITERALS: Readonly<Record<string, readonly number[]>> = {
  milliseconds: [100000, 250000, 400000],
  bytes: [3000000, 8000000, 100000000],
  album_id: [10, 100, 200],
  genre_id: [1, 3, 10],
  media_type_id: [1, 2],
  customer_id: [10, 30, 50],
  invoice_id: [50, 200, 400],
  track_id: [100, 1000, 3000],
  quantity: [1],
  artist_id: [20, 100, 200],
  support_rep_id: [3, 4],
};

function intLiteral(pick: Pick, col: string): number {
  return choose(pick, INT_LITERALS[col] ?? [0, 5, 50, 500]);
}

function predicate(pick: Pick, s: State): string {
  const col = choose(pick, s.cols);
  switch (col.kind) {
    case 'int':
      return `${col.name} ${choose(pick, ['>', '<', '>=', '==', '!='])} ${intLiteral(pick, col.name)}`;
    case 'float':
      return `${col.name} ${choose(pick, ['>', '<'])} ${choose(pick, ['0.5', '1', '5.5', '10'])}`;
    case 'text':
      if (col.nullable && pick(2) === 0) return `${col.name} ${choose(pick, ['==', '!='])} null`;
      return choose(pick, [`(text.length ${col.name}) > ${choose(pick, [4, 8, 12])}`, `${col.name} > "M"`, `(text.starts_with "S" ${col.name})`]);
  }
}

function filterStep(pick: Pick, s: State): string {
  const p = predicate(pick, s);
  if (pick(3) === 0) return `filter (${p}) ${choose(pick, ['&&', '||'])} (${predicate(pick, s)})`;
  return `filter ${p}`;
}

function deriveStep(pick: Pick, s: State): string {
  const name = `d${s.derived++}`;
  const ints = s.cols.filter((x) => x.kind === 'int');
  const floats = s.cols.filter((x) => x.kind === 'float');
  const texts = s.cols.filter((x) => x.kind === 'text');
  const options: (() => [string, Col])[] = [];
  if (ints.length > 0) {
    options.push(() => {
      const a = choose(pick, ints);
      const b = choose(pick, ints);
      return [`${a.name} ${choose(pick, ['+', '-'])} ${b.name}`, c(name, 'int', a.nullable || b.nullable)];
    });
    options.push(() => {
      const a = choose(pick, ints);
      return [`${a.name} % ${choose(pick, [3, 7, 10])}`, c(name, 'int', a.nullable)];
    });
    options.push(() => {
      const a = choose(pick, ints);
      return [`case [${a.name} > ${intLiteral(pick, a.name)} => "hi", true => "lo"]`, c(name, 'text', false)];
    });
  }
  if (floats.length > 0) {
    options.push(() => {
      const a = choose(pick, floats);
      return [`${a.name} * ${choose(pick, [2, 100])}`, c(name, 'float', a.nullable)];
    });
  }
  if (texts.length > 0) {
    options.push(() => {
      const a = choose(pick, texts);
      return [a.nullable ? `${a.name} ?? "none"` : `f"<{${a.name}}>"`, c(name, 'text', false)];
    });
  }
  const [expr, col] = choose(pick, options)();
  s.cols.push(col);
  return `derive {${name} = ${expr}}`;
}

function sortTakeStep(pick: Pick, s: State): string {
  // A second `sort | take` makes prql-js 0.12.1 leak its sort columns into SQLite's `SELECT *` (`quantity:1`).
  if (s.key === null || s.taken) return filterStep(pick, s);
  const sortable = s.cols.filter((x) => x.kind !== 'float' || !s.grouped);
  const first = choose(pick, sortable);
  const keys = first.name === s.key ? [`${pick(2) === 0 ? '-' : ''}${s.key}`] : [`${pick(2) === 0 ? '-' : ''}${first.name}`, s.key];
  const take = choose(pick, ['5', '20', '3..12', '10..40']);
  s.taken = true;
  return `sort {${keys.join(', ')}}\ntake ${take}`;
}

function groupStep(pick: Pick, s: State): string {
  const g = choose(pick, s.groupable);
  const nums = s.cols.filter((x) => x.kind !== 'text' && x.name !== g);
  const aggs: string[] = ['n = count this'];
  const cols: Col[] = [c(g, 'int'), c('n', 'int')];
  const num = nums.length > 0 ? choose(pick, nums) : undefined;
  if (num !== undefined) {
    const fn = choose(pick, num.kind === 'int' ? ['sum', 'min', 'max', 'average', 'count_distinct'] : ['min', 'max']);
    aggs.push(`v = ${fn} ${num.name}`);
    const kind: Kind = fn === 'average' ? 'float' : fn === 'min' || fn === 'max' ? num.kind : 'int';
    cols.push(c('v', kind, fn === 'min' || fn === 'max' || fn === 'average'));
  }
  s.cols = cols;
  s.key = g;
  s.groupable = [];
  s.grouped = true;
  return `group {${g}} (aggregate {${aggs.join(', ')}})`;
}

function windowStep(pick: Pick, s: State): string {
  // prql-js 0.12.1 drops the ORDER BY of a `sort | take` followed by a window (its LIMIT then takes any rows).
  if (s.key === null || s.groupable.length === 0 || s.taken) return deriveStep(pick, s);
  const g = choose(pick, s.groupable);
  const name = `w${s.derived++}`;
  // Inside `group {g} (…)` the group key itself is not in scope.
  const ints = s.cols.filter((x) => x.kind === 'int' && !x.nullable && x.name !== g);
  const fn = choose(pick, ['row_number this', `rank ${s.key}`, ...ints.map((x) => `sum ${x.name}`), ...ints.map((x) => `lag 1 ${x.name}`)]);
  const frame = fn.startsWith('sum') && pick(2) === 0 ? 'window rows:-1..1 ' : '';
  s.cols.push(c(name, 'int', fn.startsWith('lag')));
  return `group {${g}} (sort {${s.key}} | ${frame}${frame ? '(' : ''}derive {${name} = ${fn}}${frame ? ')' : ''})`;
}

/** Many-to-one joins along Chinook's foreign keys: (from table, key, to table, its columns). */
const FOREIGN_KEYS: readonly { from: string; key: string; to: string; cols: readonly Col[] }[] = [
  { from: 'tracks', key: 'album_id', to: 'albums', cols: [c('album_id', 'int'), c('title', 'text'), c('artist_id', 'int')] },
  { from: 'tracks', key: 'genre_id', to: 'genres', cols: [c('genre_id', 'int'), c('name', 'text')] },
  { from: 'invoices', key: 'customer_id', to: 'customers', cols: [c('customer_id', 'int'), c('last_name', 'text'), c('country', 'text'), c('company', 'text', true)] },
  { from: 'invoice_items', key: 'invoice_id', to: 'invoices', cols: [c('invoice_id', 'int'), c('billing_country', 'text'), c('total', 'float')] },
  { from: 'albums', key: 'artist_id', to: 'artists', cols: [c('artist_id', 'int'), c('name', 'text')] },
];

function joinStep(pick: Pick, s: State): string {
  const fks = FOREIGN_KEYS.filter((fk) => fk.from === s.table && s.cols.some((x) => x.name === fk.key));
  // prql-js 0.12.1 writes invalid SQLite SQL for `sort | take | join` (ORDER BY a column its CTE lacks).
  if (fks.length === 0 || s.grouped || s.joined || s.taken) return filterStep(pick, s);
  const fk = choose(pick, fks);
  const side = choose(pick, ['inner', 'left']);
  const alias = `j${s.derived++}`;
  const other = choose(pick, fk.cols.filter((x) => x.name !== fk.key));
  const name = `${alias}_${other.name}`;
  // PRQL does not know the joined table's columns, so any unqualified table column is ambiguous
  // after the join: a select right after it names the left table's columns qualified.
  const base = new Set((TABLES.find((t) => t.name === s.table)?.cols ?? []).map((x) => x.name));
  const items = s.cols.map((x) => (base.has(x.name) ? `${s.table}.${x.name}` : x.name));
  s.cols.push(c(name, other.kind, other.nullable || side === 'left'));
  s.joined = true;
  return `join side:${side} ${alias} = ${fk.to} (==${fk.key})\nselect {${[...items, `${name} = ${alias}.${other.name}`].join(', ')}}`;
}

function selectStep(pick: Pick, s: State): string {
  const keep = s.cols.filter((x, i) => x.name === s.key || i === 0 || pick(2) === 0);
  s.cols = keep;
  if (!keep.some((x) => x.name === s.key)) s.key = null;
  s.groupable = s.groupable.filter((g) => keep.some((x) => x.name === g));
  return `select {${keep.map((x) => x.name).join(', ')}}`;
}

/** One random query from `pick` (a source of integers in [0, n)). */
export function buildQuery(pick: Pick): string {
  const table = choose(pick, TABLES);
  const s: State = { cols: [...table.cols], key: table.key, groupable: [...table.groupable], grouped: false, taken: false, derived: 0, table: table.name, joined: false };
  const lines = [`from ${table.name}`];
  const steps = 1 + pick(4);
  for (let i = 0; i < steps; i++) {
    const kind = pick(s.grouped ? 3 : 7);
    if (kind === 0) lines.push(filterStep(pick, s));
    else if (kind === 1) lines.push(deriveStep(pick, s));
    else if (kind === 2) lines.push(sortTakeStep(pick, s));
    else if (kind === 3 && s.groupable.length > 0 && !s.taken) lines.push(groupStep(pick, s));
    else if (kind === 4) lines.push(windowStep(pick, s));
    else if (kind === 6) lines.push(joinStep(pick, s));
    else lines.push(selectStep(pick, s));
  }
  return lines.join('\n');
}

/** fast-check arbitrary of random PRQL queries over Chinook. */
export const prqlQueryArbitrary: fc.Arbitrary<string> = fc.gen().map((g) => buildQuery((n) => g(fc.nat, { max: Math.max(0, n - 1) })));
