/**
 * The growable (probe row, build row) index vectors a hash join's probe
 * fills: two parallel Int32Arrays reused across probe batches, so the hot
 * probe loops write plain typed-array slots and the join gathers output
 * columns from them afterwards.
 */

export class PairBuffer {
  /** Probe-side physical rows. */
  p = new Int32Array(1024);
  /** Build-side rows (-1 = no build row: a NULL-padded outer row). */
  b = new Int32Array(1024);
  /** Pairs in use. */
  n = 0;

  /** Ensures room for `extra` more pairs without regrowing (keeps the pairs already written). */
  reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.p.length) return;
    const cap = Math.max(need, 2 * this.p.length);
    const np = new Int32Array(cap);
    np.set(this.p.subarray(0, this.n));
    this.p = np;
    const nb = new Int32Array(cap);
    nb.set(this.b.subarray(0, this.n));
    this.b = nb;
  }

  /** Appends one pair, growing when full. */
  push(p: number, b: number): void {
    if (this.n === this.p.length) this.reserve(1);
    this.p[this.n] = p;
    this.b[this.n] = b;
    this.n++;
  }
}
