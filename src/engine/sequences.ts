/**
 * A database's named sequences: each an Obelisk counter (a sparse file whose
 * size is the value) in `<db>/sequences/<name>.obelisk`, and one Scarab id
 * generator (64-bit time-ordered ids) whose horizon is kept in its own
 * Obelisk. For ':memory:' databases the counters live in memory. Sequences
 * are opened on first use, so a read-only database creates no files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PyralogError } from '../errors/pyralog-error.js';
import { MEMORY_PATH, Obelisk } from '../storage/sequencer/obelisk.js';
import { Scarab, type ScarabOptions } from '../storage/sequencer/scarab.js';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SCARAB_FILE = '__scarab';

export class Sequences {
  private readonly counters = new Map<string, Obelisk>();
  private scarabGen: Scarab | undefined;

  constructor(
    private readonly dbPath: string,
    private readonly readOnly: boolean,
  ) {}

  private fileOf(name: string): string {
    if (this.dbPath === MEMORY_PATH) return MEMORY_PATH;
    // A database is a directory; one made by older versions as a single LMDB file keeps its sequences beside it.
    const singleFile = fs.statSync(this.dbPath, { throwIfNoEntry: false })?.isFile() === true;
    const dir = singleFile ? `${this.dbPath}-sequences` : path.join(this.dbPath, 'sequences');
    if (!this.readOnly) fs.mkdirSync(dir, { recursive: true });
    return path.join(dir, `${name}.obelisk`);
  }

  private open(name: string): Obelisk {
    let o = this.counters.get(name);
    if (o === undefined) {
      if (this.readOnly) throw new PyralogError('READ_ONLY', `sequence ${JSON.stringify(name)}: the database is open read-only`, { phase: 'storage' });
      o = Obelisk.open(this.fileOf(name));
      this.counters.set(name, o);
    }
    return o;
  }

  /** The Obelisk counter called `name` (created at 0 on first use). */
  sequence(name: string): Obelisk {
    if (!NAME.test(name) || name === SCARAB_FILE) {
      throw new PyralogError('INVALID_NAME', `sequence name ${JSON.stringify(name)} must be 1-128 letters, digits, '_', '.' or '-'`, { phase: 'storage' });
    }
    return this.open(name);
  }

  /** This database's Scarab id generator (`node` defaults to 0; the options apply on first call only). */
  scarab(options: ScarabOptions = {}): Scarab {
    this.scarabGen ??= Scarab.open(this.open(SCARAB_FILE), options);
    return this.scarabGen;
  }

  close(): void {
    for (const o of this.counters.values()) o.close();
    this.counters.clear();
    this.scarabGen = undefined;
  }
}
