import { describe, expect, it } from 'vitest';
import { findAndDelete } from '../find-and-delete.js';
import { fromHex, toHex } from '../../encoding/hex.js';

function fad(script: string, pattern: string): [string, number] {
  const r = findAndDelete(fromHex(script), fromHex(pattern));
  return [toHex(r.script), r.found];
}

describe('FindAndDelete', () => {
  it('removes matches at operation boundaries, consecutive ones too', () => {
    expect(fad('02ff0302ff03', '02ff03')).toEqual(['', 2]);
    expect(fad('5102ff035202ff03', '02ff03')).toEqual(['5152', 2]);
  });

  it('leaves a match inside a push alone', () => {
    // 03 [02 ff 03] 02 [ff 03]: the only boundary match is the second push
    expect(fad('0302ff0302ff03', '02ff03')).toEqual(['0302ff03', 1]);
    expect(fad('0302ff03', '02ff03')).toEqual(['0302ff03', 0]);
  });

  it('can match across operation boundaries when the pattern starts on one', () => {
    // pattern = OP_1 OP_2 spans two operations
    expect(fad('515253', '5152')).toEqual(['53', 1]);
  });

  it('keeps the tail after a truncated push', () => {
    expect(fad('02ff034c', '02ff03')).toEqual(['4c', 1]);
  });

  it('an empty pattern removes nothing', () => {
    expect(fad('5151', '')).toEqual(['5151', 0]);
  });
});
