/**
 * The block index: every known header (best chain and side branches) with its
 * height, cumulative chain work and status, linked to its parent, in memory,
 * and its persistent record in the `chain.index` key-value namespace
 * (header 80 bytes, height u32, chain work 32 bytes big-endian, status byte,
 * size u32, tx count u32). Also answers ancestor and median-time-past queries
 * along any branch.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { HEADER_SIZE, parseBlockHeader, serializeBlockHeader, type BlockHeader } from '../block/block-header.js';
import { reverseHex } from '../encoding/hex.js';
import { MEDIAN_TIME_SPAN, medianTimePast } from '../params/median-time-past.js';

export interface IndexEntry {
  readonly hash: Uint8Array;
  /** Display hex of the hash (map key). */
  readonly id: string;
  readonly header: BlockHeader;
  readonly height: number;
  /** Cumulative work of the chain ending at this block. */
  readonly chainWork: bigint;
  readonly parent: IndexEntry | undefined;
  readonly size: number;
  readonly txCount: number;
  /** Failed validation (it and all its descendants are never connected). */
  invalid: boolean;
}

const RECORD_SIZE = HEADER_SIZE + 4 + 32 + 1 + 4 + 4;

export function encodeIndexEntry(e: IndexEntry): Uint8Array {
  const out = new Uint8Array(RECORD_SIZE);
  serializeBlockHeader(e.header, out, 0);
  const view = new DataView(out.buffer);
  view.setUint32(HEADER_SIZE, e.height, true);
  let w = e.chainWork;
  for (let i = 31; i >= 0; i--) {
    out[HEADER_SIZE + 4 + i] = Number(w & 0xffn);
    w >>= 8n;
  }
  out[HEADER_SIZE + 36] = e.invalid ? 1 : 0;
  view.setUint32(HEADER_SIZE + 37, e.size, true);
  view.setUint32(HEADER_SIZE + 41, e.txCount, true);
  return out;
}

export interface IndexRecord {
  readonly header: BlockHeader;
  readonly height: number;
  readonly chainWork: bigint;
  readonly invalid: boolean;
  readonly size: number;
  readonly txCount: number;
}

export function decodeIndexRecord(bytes: Uint8Array): IndexRecord {
  if (bytes.length !== RECORD_SIZE) throw new PyralogError('CHAIN_CORRUPT', `block index record of ${bytes.length} bytes`, { phase: 'chain' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let work = 0n;
  for (let i = 0; i < 32; i++) work = (work << 8n) | BigInt(bytes[HEADER_SIZE + 4 + i] ?? 0);
  return {
    header: parseBlockHeader(bytes, 0),
    height: view.getUint32(HEADER_SIZE, true),
    chainWork: work,
    invalid: bytes[HEADER_SIZE + 36] === 1,
    size: view.getUint32(HEADER_SIZE + 37, true),
    txCount: view.getUint32(HEADER_SIZE + 41, true),
  };
}

/** All known blocks by id, with branch-aware queries. */
export class BlockIndex {
  private readonly byId = new Map<string, IndexEntry>();
  /** The best chain by height, for O(1) ancestor lookups on it. */
  private active: readonly IndexEntry[] = [];

  /** Tells the index which branch is the best chain (shared, not copied). */
  setActiveChain(active: readonly IndexEntry[]): void {
    this.active = active;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexEntry | undefined {
    return this.byId.get(id);
  }

  getByHash(hash: Uint8Array): IndexEntry | undefined {
    return this.byId.get(reverseHex(hash));
  }

  add(entry: IndexEntry): void {
    this.byId.set(entry.id, entry);
  }

  entries(): IterableIterator<IndexEntry> {
    return this.byId.values();
  }

  /** Adds stored records, linking each to its parent (records may come in any order). */
  load(records: readonly { readonly hash: Uint8Array; readonly rec: IndexRecord }[]): void {
    const sorted = [...records].sort((a, b) => a.rec.height - b.rec.height);
    for (const { hash, rec } of sorted) {
      const parent = rec.height === 0 ? undefined : this.getByHash(rec.header.prevHash);
      if (rec.height > 0 && parent === undefined) throw new PyralogError('CHAIN_CORRUPT', `block ${reverseHex(hash)} has no parent in the index`, { phase: 'chain' });
      this.add({ hash, id: reverseHex(hash), header: rec.header, height: rec.height, chainWork: rec.chainWork, parent, size: rec.size, txCount: rec.txCount, invalid: rec.invalid });
    }
  }

  /** Every indexed block that descends from `e` (not e itself). */
  descendantsOf(e: IndexEntry): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (const x of this.byId.values()) {
      for (let a = x.parent; a !== undefined && a.height >= e.height; a = a.parent) {
        if (a === e) {
          out.push(x);
          break;
        }
      }
    }
    return out;
  }

  /** The ancestor of `e` at `height` (e itself at its own height). */
  ancestor(e: IndexEntry, height: number): IndexEntry | undefined {
    let cur: IndexEntry | undefined = e;
    while (cur !== undefined && cur.height > height) {
      // once on the best chain, jump
      if (this.active[cur.height] === cur) return this.active[height];
      cur = cur.parent;
    }
    return cur !== undefined && cur.height === height ? cur : undefined;
  }

  /** Median time past of the chain ending at `e` (its last 11 blocks). */
  medianTimePast(e: IndexEntry): number {
    const times: number[] = [];
    let cur: IndexEntry | undefined = e;
    while (cur !== undefined && times.length < MEDIAN_TIME_SPAN) {
      times.push(cur.header.time);
      cur = cur.parent;
    }
    return medianTimePast(times.reverse());
  }

  /** The last common block of two branches. */
  fork(a: IndexEntry, b: IndexEntry): IndexEntry | undefined {
    let x: IndexEntry | undefined = a;
    let y: IndexEntry | undefined = b;
    while (x !== undefined && y !== undefined && x !== y) {
      if (x.height > y.height) x = x.parent;
      else if (y.height > x.height) y = y.parent;
      else {
        x = x.parent;
        y = y.parent;
      }
    }
    return x === y ? x : undefined;
  }
}
