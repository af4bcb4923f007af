/**
 * A one-line progress bar for a terminal: redrawn in place with `\r` at most
 * ~10 times a second, erased when done. It draws only when the stream is a
 * TTY, so piped output and logs stay clean.
 */
import type { OutputStream } from './command.js';

export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: OutputStream,
    private readonly label: string,
  ) {
    this.enabled = stream.isTTY === true;
  }

  /** Shows `done` of `total` (bytes or rows) with an extra note such as a row count. */
  update(done: number, total: number, note = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (this.drawn && now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    this.drawn = true;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    // A pseudo-terminal may report 0 columns: assume 80 then.
    const columns = (this.stream.columns ?? 0) >= 20 ? this.stream.columns! : 80;
    const text = `${this.label} ${(fraction * 100).toFixed(0).padStart(3)}% ${note}`;
    const width = Math.max(10, Math.min(40, columns - text.length - 4));
    const filled = Math.round(fraction * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`;
    this.stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
  }

  /** Erases the bar (the caller then prints its summary line). */
  clear(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
