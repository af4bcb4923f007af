/**
 * What a database path names on disk, decided before LMDB is opened: a
 * database is a directory whatever its name (`./my.db`, a `mktemp -d`
 * directory), holding LMDB's `data.mdb` and `lock.mdb`. lmdb-js by itself
 * would treat a path with an extension as a single file; the caller passes
 * the layout chosen here explicitly. A single-file database made by earlier
 * versions (a file that starts with LMDB's meta page, with `<file>-lock`
 * beside it) still opens as one. Every path problem is a coded
 * PyralogError raised before anything is created: an empty path, a file
 * that is not a database, a missing parent, an unwritable directory, and a
 * read-only or must-exist open of a path that holds no database (which
 * creates nothing).
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { PyralogError } from '../errors/pyralog-error.js';

/** Where the database lives: a directory (the layout for every new database) or a legacy single data file. */
export type DbLayout =
  | { readonly kind: 'memory' }
  | { readonly kind: 'directory'; readonly path: string; /** the directory was made now (remove it if opening fails) */ readonly created: boolean }
  | { readonly kind: 'file'; readonly path: string };

export interface DbPathOptions {
  /** Open an existing database for reading only: nothing is created (DATABASE_NOT_FOUND otherwise). */
  readonly readOnly?: boolean;
  /** Fail with DATABASE_NOT_FOUND rather than create a database where there is none. */
  readonly mustExist?: boolean;
}

const DATA_FILE = 'data.mdb';
/** LMDB's meta page magic, 0xBEEFC0DE little-endian, within the first bytes of a data file. */
const LMDB_MAGIC = Buffer.from([0xde, 0xc0, 0xef, 0xbe]);

function pathError(path: string, message: string, hints: readonly string[] = [], cause?: unknown): PyralogError {
  return new PyralogError('DATABASE_PATH_INVALID', message, { phase: 'storage', hints, cause, details: { path } });
}

function notWritable(path: string, cause?: unknown): PyralogError {
  return new PyralogError('DATABASE_NOT_WRITABLE', `cannot write the database directory ${path}`, {
    phase: 'storage',
    cause,
    details: { path },
    hints: ['check the directory permissions, or open it read-only'],
  });
}

export function notFound(path: string): PyralogError {
  return new PyralogError('DATABASE_NOT_FOUND', `no database at ${path}`, {
    phase: 'storage',
    details: { path },
    hints: ['create one with `pyralog import --db DIR FILE.csv…` (or `pyralog demo --db DIR`)'],
  });
}

const PERMISSION = new Set(['EACCES', 'EPERM', 'EROFS']);

/** The errno name of a Node or LMDB failure (lmdb-js reports the number). */
function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (code === 13) return 'EACCES';
  if (code === 1) return 'EPERM';
  if (code === 30) return 'EROFS';
  return undefined;
}

/** Whether an error from opening LMDB means the directory cannot be written. */
export function isPermissionError(e: unknown): boolean {
  const code = errnoOf(e);
  return code !== undefined && PERMISSION.has(code);
}

function isLmdbDataFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).indexOf(LMDB_MAGIC) >= 0;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function statOf(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw pathError(path, `${path} is not a directory path: a part of it is a file`, [], e);
    if (code !== undefined && PERMISSION.has(code)) throw notWritable(path, e);
    throw pathError(path, `cannot look at ${path}: ${(e as Error).message}`, [], e);
  }
}

/**
 * Decides the layout for `path` and checks it can be used; for a new
 * database (neither read-only nor must-exist) it creates the directory,
 * and only that, once every check passed.
 */
export function resolveDbPath(path: string, options: DbPathOptions = {}): DbLayout {
  if (typeof path !== 'string' || path.trim() === '') {
    throw pathError(String(path), 'the database path is empty', ['give a directory, for example ./data, or ":memory:"']);
  }
  if (path === ':memory:') return { kind: 'memory' };
  if (path.includes('\0')) throw pathError(path, 'the database path contains a NUL character');
  const full = nodePath.resolve(path);
  const existing = options.readOnly === true || options.mustExist === true;
  const stat = statOf(full);
  if (stat?.isDirectory()) {
    const hasData = fs.existsSync(nodePath.join(full, DATA_FILE));
    if (existing && !hasData) throw notFound(full);
    if (options.readOnly !== true) {
      try {
        fs.accessSync(full, fs.constants.W_OK | fs.constants.X_OK);
      } catch (e) {
        throw notWritable(full, e);
      }
    }
    return { kind: 'directory', path: full, created: false };
  }
  if (stat !== undefined) {
    if (stat.isFile() && isLmdbDataFile(full)) return { kind: 'file', path: full };
    throw pathError(full, `${full} is a file, not a database directory`, ['a database is a directory: give a new or existing directory path']);
  }
  if (existing) throw notFound(full);
  const parent = nodePath.dirname(full);
  const parentStat = statOf(parent);
  if (parentStat === undefined) throw pathError(full, `the parent directory ${parent} does not exist`, [`create it first (mkdir -p ${parent})`]);
  if (!parentStat.isDirectory()) throw pathError(full, `${parent} is not a directory`);
  try {
    fs.mkdirSync(full);
  } catch (e) {
    if (isPermissionError(e)) throw notWritable(parent, e);
    throw pathError(full, `cannot create the database directory ${full}: ${(e as Error).message}`, [], e);
  }
  return { kind: 'directory', path: full, created: true };
}

/** Undoes what resolveDbPath created when opening the database then failed: no stray directory is left. */
export function undoCreate(layout: DbLayout): void {
  if (layout.kind !== 'directory' || !layout.created) return;
  for (const f of [DATA_FILE, 'lock.mdb']) fs.rmSync(nodePath.join(layout.path, f), { force: true });
  try {
    fs.rmdirSync(layout.path);
  } catch {
    // not empty: something else wrote there meanwhile; leave it
  }
}

/** A failure of LMDB to open the resolved path, as a coded error (permission problems included). */
export function openFailure(layout: DbLayout, e: unknown): unknown {
  if (e instanceof PyralogError || layout.kind === 'memory') return e;
  if (isPermissionError(e)) return notWritable(layout.path, e);
  return new PyralogError('DATABASE_PATH_INVALID', `cannot open the database at ${layout.path}: ${e instanceof Error ? e.message : String(e)}`, {
    phase: 'storage',
    cause: e,
    details: { path: layout.path },
  });
}
