/**
 * The primary-key check of import pass 1: every key must be non-empty
 * (IMPORT_NULL_KEY, raised at once) and unique (IMPORT_DUPLICATE_KEY naming
 * the first line that repeats an earlier one and that earlier line).
 *
 * A hash map of a million strings costs more than the rest of the pass, so a
 * single key whose text is a canonical integer (no sign `+`, no leading zero,
 * at most 15 digits: exactly the texts `String(n)` gives for a safe integer)
 * is kept as a number in blocks of Float64Arrays with its line; other keys go
 * to a Map by text. The two sets cannot hold equal texts. `check()` has
 * nothing to do when the numbers only grew in file order (an id column);
 * else it sorts a copy of them (native sort, no allocation per key) and only
 * when two neighbours are equal replays the keys in file order to find the
 * first repeat, so the error is the one a row-by-row check would raise.
 * Call `check()` at the end of the pass, and also before reporting any other
 * error of the pass, so that a duplicate on an earlier line wins, as before.
 */
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import { canonicalIntBytes } from './byte-cells.js';
import { ESCAPED, type ByteRecord } from './csv-byte-record.js';

const BLOCK = 1 << 16;

/** Numeric keys with the line and the key field's column of each (a span per key would cost too much). */
interface NumberBlock {
  readonly numbers: Float64Array;
  readonly lines: Int32Array;
  readonly columns: Int32Array;
}

export class KeySet {
  /** The numeric keys in file order, in fixed-size blocks (no copying as they grow). */
  private readonly blocks: NumberBlock[] = [];
  private block: NumberBlock | undefined;
  private count = 0;
  /** Whether every numeric key so far was greater than the one before. */
  private increasing = true;
  private last = -Infinity;
  private readonly texts = new Map<string, number>();
  private checked = 0;

  constructor(
    private readonly keyIndexes: readonly number[],
    private readonly names: readonly string[],
    private readonly source: string,
  ) {}

  /**
   * Adds the key of `record`; throws IMPORT_NULL_KEY, or IMPORT_DUPLICATE_KEY
   * for a repeated text key. A canonical integer key never becomes a string.
   */
  addRecord(record: ByteRecord): void {
    const keyIndexes = this.keyIndexes;
    if (keyIndexes.length === 1) {
      const k = keyIndexes[0]!;
      const s = record.starts[k]!;
      const e = record.ends[k]!;
      if (s === e && record.isNull(k)) this.nullKey(k, record);
      const v = record.kinds[k] === ESCAPED ? NaN : canonicalIntBytes(record.buf, s, e);
      if (v === v) {
        this.addNumber(v, record.line, record.column(k));
        return;
      }
      this.addText(record.text(k)!, record);
      return;
    }
    let composite = '';
    for (const k of keyIndexes) {
      const v = record.text(k);
      if (v === null) this.nullKey(k, record);
      composite = `${composite}${v.length}:${v}`;
    }
    this.addText(composite, record);
  }

  /** Throws IMPORT_DUPLICATE_KEY if two numeric keys added so far are equal (the first repeat in file order). */
  check(): void {
    const n = this.count;
    if (n === this.checked) return;
    this.checked = n;
    // Keys that only ever grew (an id column, the usual case) cannot repeat: no sort needed.
    if (this.increasing) return;
    const sorted = new Float64Array(n);
    this.blocks.forEach((b, k) => sorted.set(k === this.blocks.length - 1 ? b.numbers.subarray(0, n - k * BLOCK) : b.numbers, k * BLOCK));
    sorted.sort();
    let dup = false;
    for (let i = 1; i < n; i++) {
      if (sorted[i] === sorted[i - 1]) {
        dup = true;
        break;
      }
    }
    if (!dup) return;
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const b = this.blocks[Math.floor(i / BLOCK)]!;
      const at = i % BLOCK;
      const v = b.numbers[at]!;
      const first = seen.get(v);
      if (first !== undefined) {
        throw this.duplicate(String(v), { source: this.source, line: b.lines[at]!, column: b.columns[at]! }, first);
      }
      seen.set(v, b.lines[at]!);
    }
  }

  private addNumber(v: number, line: number, column: number): void {
    const at = this.count++ % BLOCK;
    if (at === 0) this.blocks.push((this.block = { numbers: new Float64Array(BLOCK), lines: new Int32Array(BLOCK), columns: new Int32Array(BLOCK) }));
    const b = this.block!;
    b.numbers[at] = v;
    b.lines[at] = line;
    b.columns[at] = column;
    if (v <= this.last) this.increasing = false;
    this.last = v;
  }

  private addText(composite: string, pos: ByteRecord): void {
    const first = this.texts.get(composite);
    if (first !== undefined) {
      // A numeric duplicate on an earlier line is the first repeat of the file.
      this.check();
      throw this.duplicate(composite, pos.span(this.keyIndexes[0]!), first);
    }
    this.texts.set(composite, pos.line);
  }

  private duplicate(composite: string, span: SourceSpan, first: number): PyralogError {
    return new PyralogError('IMPORT_DUPLICATE_KEY', `duplicate key ${JSON.stringify(composite)}: line ${span.line} repeats line ${first}`, {
      phase: 'import',
      spans: [span],
      hints: ['choose a --key whose values are unique, or import without --key (hidden row id)'],
    });
  }

  private nullKey(k: number, pos: ByteRecord): never {
    this.check();
    throw new PyralogError('IMPORT_NULL_KEY', `key column "${this.names[k]}" is empty`, { phase: 'import', spans: [pos.span(k)] });
  }
}
