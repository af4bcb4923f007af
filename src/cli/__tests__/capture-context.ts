/** Test helper: a CliContext whose stdout/stderr are captured strings. */
import type { CliContext } from '../command.js';

export interface Captured extends CliContext {
  out(): string;
  err(): string;
}

export function captureContext(cwd: string, isTTY = false): Captured {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t), isTTY },
    stderr: { write: (t: string) => (err += t), isTTY, columns: 80 },
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}
