import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../error-codes.js';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Set(
  docs
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z_0-9]+)`/g)].map((m) => m[1] as string))
    .filter((c) => c !== 'PRQL_'),
);

describe('error code registry', () => {
  it('documents every registered code in docs/errors.md', () => {
    const missing = Object.keys(ERROR_CODES).filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });

  it('registers every code docs/errors.md lists', () => {
    const unknown = [...documented].filter((c) => !Object.hasOwn(ERROR_CODES, c));
    expect(unknown).toEqual([]);
  });

  it('accepts prql-js pass-through codes and rejects free strings', () => {
    expect(isErrorCode('PRQL_E0001')).toBe(true);
    expect(isErrorCode('TYPE_MISMATCH')).toBe(true);
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode('PRQL_Exyz')).toBe(false);
  });
});
