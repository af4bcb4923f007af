/**
 * Key-value namespaces: user keys live in the 'kv' sub-database under the
 * prefix `name + 0x00`, so they share the store's transactions with tables.
 * Readers see one snapshot; writers see their own writes.
 */
import type { KvReader, KvWriter } from '../api.js';
import { storageError } from '../errors.js';
import { compareBytes, concatBytes, toBytes, utf8 } from './bytes.js';
import type { KvRead, KvWrite } from './kv-backend.js';

function prefixOf(namespace: string): Uint8Array {
  if (namespace.length === 0 || namespace.includes('\0')) throw storageError('INVALID_KEY', `invalid key-value namespace '${namespace}'`);
  return concatBytes([utf8(namespace), Uint8Array.of(0)]);
}

class NamespaceReader implements KvReader {
  protected readonly prefix: Uint8Array;
  private readonly upper: Uint8Array;
  /** The namespace name without its 0x00: below every key of the namespace, above every key of others that sort before it. */
  private readonly below: Uint8Array;

  constructor(
    protected readonly kv: KvRead,
    namespace: string,
  ) {
    this.prefix = prefixOf(namespace);
    this.upper = this.prefix.slice();
    this.upper[this.upper.length - 1] = 1;
    this.below = this.prefix.subarray(0, this.prefix.length - 1);
  }

  protected full(key: Uint8Array | string): Uint8Array {
    return concatBytes([this.prefix, toBytes(key)]);
  }

  /**
   * Point reads build the full key in a reused scratch buffer (the backend
   * copies the key before returning), saving an allocation per lookup on the
   * chain's UTXO path. Writes and ranges keep fresh keys: they may be retained.
   */
  private scratch: Uint8Array = new Uint8Array(0);

  private lookupKey(key: Uint8Array | string): Uint8Array {
    const k = toBytes(key);
    const n = this.prefix.length + k.length;
    if (this.scratch.length < n) {
      this.scratch = Buffer.allocUnsafe(Math.max(64, n * 2));
      this.scratch.set(this.prefix, 0);
    }
    this.scratch.set(k, this.prefix.length);
    return this.scratch.subarray(0, n);
  }

  get(key: Uint8Array | string): Uint8Array | undefined {
    return this.kv.get('kv', this.lookupKey(key));
  }

  *range(options: { start?: Uint8Array | string; end?: Uint8Array | string; reverse?: boolean; limit?: number } = {}): Iterable<{ key: Uint8Array; value: Uint8Array }> {
    const lo = options.start !== undefined ? this.full(options.start) : this.prefix;
    const hi = options.end !== undefined ? this.full(options.end) : this.upper;
    if (options.reverse) {
      // The backend's reverse range starts at an inclusive upper key; `hi` is exclusive, so skip it.
      let left = options.limit ?? Infinity;
      if (left <= 0) return;
      for (const e of this.kv.range('kv', { start: hi, end: this.below, reverse: true })) {
        if (compareBytes(e.key, hi) >= 0) continue;
        if (compareBytes(e.key, lo) < 0) return;
        yield { key: e.key.subarray(this.prefix.length), value: e.value };
        if (--left <= 0) return;
      }
      return;
    }
    const query = options.limit !== undefined ? { start: lo, end: hi, limit: options.limit } : { start: lo, end: hi };
    for (const e of this.kv.range('kv', query)) yield { key: e.key.subarray(this.prefix.length), value: e.value };
  }
}

class NamespaceWriter extends NamespaceReader implements KvWriter {
  constructor(
    private readonly w: KvWrite,
    namespace: string,
  ) {
    super(w, namespace);
  }

  put(key: Uint8Array | string, value: Uint8Array | string): void {
    this.w.put('kv', this.full(key), toBytes(value));
  }

  delete(key: Uint8Array | string): void {
    this.w.delete('kv', this.full(key));
  }
}

export function namespaceReader(kv: KvRead, namespace: string): KvReader {
  return new NamespaceReader(kv, namespace);
}

export function namespaceWriter(w: KvWrite, namespace: string): KvWriter {
  return new NamespaceWriter(w, namespace);
}
