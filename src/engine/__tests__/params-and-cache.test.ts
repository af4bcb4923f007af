import { describe, expect, it } from 'vitest';
import { normalizeParams, paramSignature } from '../params.js';

describe('normalizeParams', () => {
  it('numbers positions from 1 and strips a leading $ from names', () => {
    expect(normalizeParams([5n, 'x', null])).toEqual({ 1: 5n, 2: 'x', 3: null });
    expect(normalizeParams({ $a: 1.5, b: true })).toEqual({ a: 1.5, b: true });
    expect(normalizeParams(undefined)).toEqual({});
  });

  it('rejects values that are not scalars, naming the parameter', () => {
    expect(() => normalizeParams([1n, new Date(0) as never])).toThrow('parameter $2 has a value Pyralog cannot use (a Date)');
    expect(() => normalizeParams({ x: [1] as never })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
    expect(normalizeParams({ iv: { months: 1, nanos: 0n } })).toEqual({ iv: { months: 1, nanos: 0n } });
    expect(normalizeParams({ b: new Uint8Array([1]) })['b']).toEqual(new Uint8Array([1]));
  });
});

describe('paramSignature', () => {
  it('depends on names and types, not values or key order', () => {
    expect(paramSignature({ b: 1n, a: 'x' })).toBe('a:utf8,b:int64');
    expect(paramSignature({ a: 'y', b: 2n })).toBe(paramSignature({ b: 1n, a: 'x' }));
    expect(paramSignature({ a: 1 })).not.toBe(paramSignature({ a: 1n }));
    expect(paramSignature({ a: null, b: new Uint8Array(), c: true, d: { months: 0, nanos: 1n } })).toBe('a:null,b:binary,c:bool,d:interval');
  });
});
