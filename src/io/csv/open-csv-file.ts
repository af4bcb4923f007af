/**
 * Opens a CSV file for reading: its descriptor, or FILE_NOT_FOUND (no such
 * file) / FILE_READ (any other failure) naming the file. Both CSV readers
 * (the byte scanner and the text parser) open files through it.
 */
import * as fs from 'node:fs';
import { PyralogError } from '../../errors/pyralog-error.js';

export function openCsvFile(file: string): number {
  try {
    return fs.openSync(file, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new PyralogError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_READ', `cannot open ${file}: ${(cause as Error).message}`, {
      phase: 'import',
      cause,
    });
  }
}
