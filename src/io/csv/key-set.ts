/**
 * The primary-key check of import pass 1: every key must be non-empty
 * (IMPORT_NULL_KEY, raised at once) and unique (IMPORT_DUPLICATE_KEY naming
 * the first line that repeats an earlier one and that earlier line).
 *
 * A hash map of a million strings costs more than the rest of the pass, so a
 * single key whose text is a canonical integer (no sign `+`, no leading zero,
 * at most 15 digits: exactly the texts `String(n)` gives for a safe integer)
 * is kept as a number in a growing Float64Array with its line; other keys go
 * to a Map by text. The two sets cannot hold equal texts. `check()` sorts a
 * copy of the numbers (native sort, no allocation per key) and only when two
 * neighbours are equal replays the keys in file order to find the first
 * repeat, so the error is the one a row-by-row check would raise.
 * Call `check()` at the end of the pass, and also before reporting any other
 * error of the pass, so that a duplicate on an earlier line wins, as before.
 */
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import type { CsvField, CsvPosition } from './csv-parser.js';

export class KeySet {
  private numbers = new Float64Array(1 << 16);
  private numberLines = new Int32Array(1 << 16);
  /** A span per numeric key would cost too much: the column of the key field on each line is kept instead. */
  private numberColumns = new Int32Array(1 << 16);
  private count = 0;
  private readonly texts = new Map<string, number>();
  private checked = 0;

  constructor(
    private readonly keyIndexes: readonly number[],
    private readonly names: readonly string[],
    private readonly source: string,
  ) {}

  /** Adds the key of the record at `pos`; throws IMPORT_NULL_KEY, or IMPORT_DUPLICATE_KEY for a repeated text key. */
  add(fields: readonly CsvField[], pos: CsvPosition): void {
    const keyIndexes = this.keyIndexes;
    if (keyIndexes.length === 1) {
      const k = keyIndexes[0]!;
      const v = fields[k] ?? null;
      if (v === null) this.nullKey(k, pos);
      if (isCanonicalInt(v)) {
        this.addNumber(Number(v), pos.line, pos.fieldColumns[k] ?? 1);
        return;
      }
      this.addText(v, pos);
      return;
    }
    let composite = '';
    for (const k of keyIndexes) {
      const v = fields[k] ?? null;
      if (v === null) this.nullKey(k, pos);
      composite = `${composite}${v.length}:${v}`;
    }
    this.addText(composite, pos);
  }

  /** Throws IMPORT_DUPLICATE_KEY if two numeric keys added so far are equal (the first repeat in file order). */
  check(): void {
    const n = this.count;
    if (n === this.checked) return;
    this.checked = n;
    const sorted = this.numbers.slice(0, n).sort();
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
      const v = this.numbers[i]!;
      const first = seen.get(v);
      if (first !== undefined) {
        throw this.duplicate(String(v), { source: this.source, line: this.numberLines[i]!, column: this.numberColumns[i]! }, first);
      }
      seen.set(v, this.numberLines[i]!);
    }
  }

  private addNumber(v: number, line: number, column: number): void {
    if (this.count === this.numbers.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.numbers = grow(this.numbers, (n) => new Float64Array(n));
      this.numberLines = grow(this.numberLines, (n) => new Int32Array(n));
      this.numberColumns = grow(this.numberColumns, (n) => new Int32Array(n));
    }
    const i = this.count++;
    this.numbers[i] = v;
    this.numberLines[i] = line;
    this.numberColumns[i] = column;
  }

  private addText(composite: string, pos: CsvPosition): void {
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

  private nullKey(k: number, pos: CsvPosition): never {
    this.check();
    throw new PyralogError('IMPORT_NULL_KEY', `key column "${this.names[k]}" is empty`, { phase: 'import', spans: [pos.span(k)] });
  }
}

/** True for the texts String(n) gives for a safe integer n of at most 15 digits: `0`, or `-`? then a non-zero digit, then digits. */
function isCanonicalInt(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s.charCodeAt(0) === 45) i = 1;
  const digits = n - i;
  if (digits < 1 || digits > 15) return false;
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return digits === 1 && i === 0;
  if (c0 < 49 || c0 > 57) return false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
