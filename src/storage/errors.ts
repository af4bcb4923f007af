/**
 * Construction of the storage layer's user-facing errors: every one is a
 * PyralogError in phase 'storage' with a stable code.
 */
import { PyralogError } from '../errors/pyralog-error.js';

import type { ErrorCode } from '../errors/error-codes.js';

export type StorageErrorCode = Extract<
  ErrorCode,
  | 'TABLE_EXISTS'
  | 'UNKNOWN_TABLE'
  | 'INVALID_SCHEMA'
  | 'INVALID_ALTER'
  | 'UNKNOWN_COLUMN'
  | 'TYPE_MISMATCH'
  | 'NOT_NULL_VIOLATION'
  | 'MISSING_KEY'
  | 'DUPLICATE_KEY'
  | 'INVALID_KEY'
  | 'KEY_TOO_LARGE'
  | 'MAP_FULL'
  | 'DISK_FULL'
  | 'READ_ONLY'
  | 'STORE_CLOSED'
  | 'SNAPSHOT_CLOSED'
  | 'CORRUPT_SEGMENT'
  | 'INVALID_FOREIGN_KEY'
  | 'FOREIGN_KEY_EXISTS'
  | 'UNKNOWN_FOREIGN_KEY'
  | 'FOREIGN_KEY_DEPENDENCY'
  | 'FOREIGN_KEY_VIOLATION'
>;

export function storageError(
  code: StorageErrorCode,
  message: string,
  options: { hints?: readonly string[]; cause?: unknown; details?: Readonly<Record<string, unknown>> } = {},
): PyralogError {
  return new PyralogError(code, message, { phase: 'storage', ...options });
}
