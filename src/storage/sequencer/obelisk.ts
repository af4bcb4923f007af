/**
 * Obelisk: a persistent, crash-safe counter whose value IS the size of a
 * sparse file. Incrementing is one `ftruncate(fd, size + n)`; reading is one
 * `fstat`. Because the size of a file changes atomically, a crash (even
 * SIGKILL or power loss, with `sync`) leaves either the old or the new value,
 * never a torn one, and no log, lock service or consensus is needed. The file
 * holds no data blocks, so it occupies no disk space whatever its value.
 *
 * Values start at 0 (empty file); `next()` returns 1, 2, 3, ... Values are JS
 * numbers; the file system bounds them (ext4: 2^44 − 1, about 1.7e13), far
 * more than a counter of ids or milliseconds needs.
 *
 * One process owns an Obelisk file at a time (the database holds it open);
 * two writers on one file would race between fstat and ftruncate.
 *
 * `Obelisk.open(':memory:')` returns the same interface over a plain number,
 * for `:memory:` databases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PyralogError } from '../../errors/pyralog-error.js';

export interface ObeliskOptions {
  /**
   * fdatasync after each change so the value survives power loss, not only a
   * process crash (default true). Without it a SIGKILL still loses nothing:
   * the size lives in the kernel's page cache as soon as ftruncate returns.
   */
  readonly sync?: boolean;
}

/** The in-memory path accepted by `Obelisk.open`. */
export const MEMORY_PATH = ':memory:';

interface Backend {
  read(): number;
  write(value: number): void;
  close(): void;
  readonly durable: boolean;
}

export class Obelisk {
  private backend: Backend | undefined;

  private constructor(
    backend: Backend,
    /** The file backing this counter, or `:memory:`. */
    readonly file: string,
  ) {
    this.backend = backend;
  }

  /** Opens (creating when absent) the counter stored in `file`, or an in-memory one for `:memory:`. */
  static open(file: string, options: ObeliskOptions = {}): Obelisk {
    if (file === MEMORY_PATH) return new Obelisk(memoryBackend(), file);
    return new Obelisk(fileBackend(file, options.sync ?? true), file);
  }

  /** True when the value survives process restarts (a file), false for `:memory:`. */
  get durable(): boolean {
    return this.open().durable;
  }

  /** The last value handed out (0 before the first `next`). */
  current(): number {
    return this.open().read();
  }

  /** Increments the counter and returns the new value; durable when it returns. */
  next(): number {
    return this.reserve(1);
  }

  /**
   * Reserves `n` consecutive values with one durable step and returns the
   * first: the caller owns `first .. first + n - 1`.
   */
  reserve(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new PyralogError('SEQUENCER_BAD_ARGUMENT', `reserve(n) needs a positive integer, got ${n}`, { phase: 'storage' });
    }
    const backend = this.open();
    const value = backend.read();
    if (value + n > Number.MAX_SAFE_INTEGER) {
      throw new PyralogError('SEQUENCER_OVERFLOW', `sequencer ${this.file} cannot grow past ${Number.MAX_SAFE_INTEGER}`, { phase: 'storage' });
    }
    backend.write(value + n);
    return value + 1;
  }

  /**
   * Raises the counter to at least `value` (never lowers it) and returns the
   * resulting value. Used to persist high-water marks (see Scarab).
   */
  advanceTo(value: number): number {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new PyralogError('SEQUENCER_BAD_ARGUMENT', `advanceTo(value) needs a non-negative integer, got ${value}`, { phase: 'storage' });
    }
    const backend = this.open();
    const now = backend.read();
    if (value <= now) return now;
    backend.write(value);
    return value;
  }

  close(): void {
    const backend = this.backend;
    this.backend = undefined;
    backend?.close();
  }

  private open(): Backend {
    if (this.backend === undefined) {
      throw new PyralogError('SEQUENCER_CLOSED', `sequencer ${this.file} is closed`, { phase: 'storage' });
    }
    return this.backend;
  }
}

function memoryBackend(): Backend {
  let value = 0;
  return {
    durable: false,
    read: () => value,
    write: (v) => {
      value = v;
    },
    close: () => undefined,
  };
}

function fileBackend(file: string, sync: boolean): Backend {
  const existed = fs.existsSync(file);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    if (!existed && sync) {
      // Make the new directory entry itself durable.
      fs.fsyncSync(fd);
      syncDirectory(path.dirname(file));
    }
  } catch (cause) {
    throw ioError(file, 'open', cause);
  }
  return {
    durable: true,
    read: () => {
      try {
        return fs.fstatSync(fd).size;
      } catch (cause) {
        throw ioError(file, 'read', cause);
      }
    },
    write: (value) => {
      try {
        fs.ftruncateSync(fd, value);
        if (sync) fs.fdatasyncSync(fd);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        if (code === 'EFBIG' || code === 'EINVAL') {
          throw new PyralogError('SEQUENCER_OVERFLOW', `sequencer ${file} cannot grow to ${value}: the file system limit is reached`, {
            phase: 'storage',
            cause,
          });
        }
        throw ioError(file, 'write', cause);
      }
    },
    close: () => {
      fs.closeSync(fd);
    },
  };
}

function syncDirectory(dir: string): void {
  let dfd: number | undefined;
  try {
    dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
  } catch {
    // Some platforms cannot fsync a directory; the file's own fsync still holds.
  } finally {
    if (dfd !== undefined) fs.closeSync(dfd);
  }
}

function ioError(file: string, action: string, cause: unknown): PyralogError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new PyralogError('SEQUENCER_IO', `cannot ${action} sequencer file ${file}: ${detail}`, { phase: 'storage', cause });
}
