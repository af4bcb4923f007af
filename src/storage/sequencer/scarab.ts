/**
 * Scarab IDs: 64-bit, time-ordered, unique ids as bigint, built on an Obelisk.
 *
 * Layout (most significant bit first; bit 63 is always 0 so ids are positive
 * signed int64 values and sort the same as signed or unsigned):
 *
 * ```
 *  63 | 62 ............................ 22 | 21 ........ 12 | 11 ........ 0
 *   0 | 41 bits: ms since SCARAB_EPOCH_MS  | 10 bits: node  | 12 bits: seq
 * ```
 *
 * 41 bits of milliseconds last 69.7 years from the epoch (2024-01-01T00:00Z,
 * so until 2093); 1,024 nodes; 4,096 ids per node per millisecond.
 *
 * Monotonic, even across restarts with a clock that went backwards:
 * - within a process the millisecond used is max(clock, last used); when the
 *   4,096 sequence numbers of a millisecond run out, the next millisecond is
 *   borrowed ahead of the clock;
 * - the Obelisk holds a horizon H: every id ever issued used a millisecond
 *   below H. Before using a millisecond >= H, H is raised durably to that
 *   millisecond plus a lease (default 1 s), so the Obelisk is written about
 *   once a second. After a restart, ids start at millisecond H or later,
 *   whatever the clock says.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import type { Obelisk } from './obelisk.js';

/** 2024-01-01T00:00:00Z in Unix milliseconds. */
export const SCARAB_EPOCH_MS = Date.UTC(2024, 0, 1);
export const SCARAB_TIME_BITS = 41;
export const SCARAB_NODE_BITS = 10;
export const SCARAB_SEQ_BITS = 12;
export const SCARAB_MAX_NODE = (1 << SCARAB_NODE_BITS) - 1;
export const SCARAB_MAX_SEQ = (1 << SCARAB_SEQ_BITS) - 1;
/** The last usable millisecond offset from the epoch. */
export const SCARAB_MAX_TICK = 2 ** SCARAB_TIME_BITS - 1;

const LOW_BITS = SCARAB_NODE_BITS + SCARAB_SEQ_BITS;
const LOW_BITS_BIG = BigInt(LOW_BITS);

/** The parts of a Scarab id. */
export interface ScarabParts {
  /** Unix time in milliseconds (what `new Date(ms)` takes). */
  readonly ms: number;
  readonly node: number;
  readonly seq: number;
}

export interface ScarabOptions {
  /** This generator's node id, 0..1023 (default 0). */
  readonly node?: number;
  /** Unix-milliseconds clock (default Date.now); injectable for tests. */
  readonly clock?: () => number;
  /** How far ahead of the used time the persisted horizon is pushed, in ms (default 1000). */
  readonly leaseMs?: number;
}

export class Scarab {
  private lastTick: number;
  private seq: number;
  private horizon: number;
  private readonly lowBase: number;

  private constructor(
    private readonly obelisk: Obelisk,
    readonly node: number,
    private readonly clock: () => number,
    private readonly leaseMs: number,
  ) {
    this.horizon = obelisk.current();
    // Every id issued before this open used a millisecond below the horizon.
    this.lastTick = this.horizon;
    this.seq = -1;
    this.lowBase = node << SCARAB_SEQ_BITS;
  }

  /** A generator whose high-water mark lives in `obelisk` (which it now owns for id generation). */
  static open(obelisk: Obelisk, options: ScarabOptions = {}): Scarab {
    const node = options.node ?? 0;
    if (!Number.isInteger(node) || node < 0 || node > SCARAB_MAX_NODE) {
      throw new PyralogError('SCARAB_BAD_NODE', `Scarab node id must be an integer in 0..${SCARAB_MAX_NODE}, got ${node}`, {
        phase: 'storage',
      });
    }
    const leaseMs = options.leaseMs ?? 1000;
    if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) {
      throw new PyralogError('SEQUENCER_BAD_ARGUMENT', `leaseMs must be a positive integer, got ${leaseMs}`, { phase: 'storage' });
    }
    return new Scarab(obelisk, node, options.clock ?? Date.now, leaseMs);
  }

  /** The next id: strictly greater than every id this generator (or its Obelisk's earlier owners) issued. */
  next(): bigint {
    let tick = Math.floor(this.clock()) - SCARAB_EPOCH_MS;
    if (tick <= this.lastTick) {
      // Same millisecond, or the clock went backwards: keep counting in the last one.
      tick = this.lastTick;
      if (this.seq < SCARAB_MAX_SEQ) {
        this.seq++;
      } else {
        tick++;
        this.seq = 0;
      }
    } else {
      this.seq = 0;
    }
    if (tick >= this.horizon) this.extendHorizon(tick);
    this.lastTick = tick;
    return (BigInt(tick) << LOW_BITS_BIG) | BigInt(this.lowBase | this.seq);
  }

  private extendHorizon(tick: number): void {
    if (tick > SCARAB_MAX_TICK) {
      throw new PyralogError('SCARAB_EXHAUSTED', 'Scarab ids are exhausted: the 41-bit time field passed its end (year 2093)', {
        phase: 'storage',
      });
    }
    this.horizon = this.obelisk.advanceTo(Math.min(tick + this.leaseMs, SCARAB_MAX_TICK + 1));
  }
}

/** Packs parts into an id (no uniqueness implied; for tests and range bounds). */
export function encodeScarab(parts: ScarabParts): bigint {
  const tick = parts.ms - SCARAB_EPOCH_MS;
  if (!Number.isInteger(tick) || tick < 0 || tick > SCARAB_MAX_TICK) {
    throw new PyralogError('SCARAB_BAD_PARTS', `time ${parts.ms} is outside the Scarab range`, { phase: 'storage' });
  }
  if (!Number.isInteger(parts.node) || parts.node < 0 || parts.node > SCARAB_MAX_NODE) {
    throw new PyralogError('SCARAB_BAD_PARTS', `node ${parts.node} is outside 0..${SCARAB_MAX_NODE}`, { phase: 'storage' });
  }
  if (!Number.isInteger(parts.seq) || parts.seq < 0 || parts.seq > SCARAB_MAX_SEQ) {
    throw new PyralogError('SCARAB_BAD_PARTS', `seq ${parts.seq} is outside 0..${SCARAB_MAX_SEQ}`, { phase: 'storage' });
  }
  return (BigInt(tick) << LOW_BITS_BIG) | BigInt((parts.node << SCARAB_SEQ_BITS) | parts.seq);
}

/** Splits an id into its time (Unix ms), node and sequence. */
export function decodeScarab(id: bigint): ScarabParts {
  if (id < 0n || id >= 1n << 63n) {
    throw new PyralogError('SCARAB_BAD_ID', `${id} is not a Scarab id (must be in 0..2^63-1)`, { phase: 'storage' });
  }
  const low = Number(id & ((1n << LOW_BITS_BIG) - 1n));
  return {
    ms: Number(id >> LOW_BITS_BIG) + SCARAB_EPOCH_MS,
    node: low >>> SCARAB_SEQ_BITS,
    seq: low & SCARAB_MAX_SEQ,
  };
}
