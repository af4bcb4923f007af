/**
 * The token format on its own: mint, attenuate, inspect and verify; many
 * caveats (the macaroon package's own exporter runs out of memory there);
 * unknown or malformed caveats make a token invalid; caveat text round-trips.
 */
import { newMacaroon } from 'macaroon';
import { describe, expect, it } from 'vitest';
import { attenuateToken, caveatText, inspectToken, mintToken, newRootKey, parseCaveat, verifyToken } from '../../src/server/capability-tokens.js';
import { isPyralogError } from '../../src/errors/pyralog-error.js';

const key = newRootKey();

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isPyralogError(e) ? e.code : String(e);
  }
}

describe('capability tokens', () => {
  it('mints and attenuates through 40 caveats; verify sees them all in order', () => {
    let t = mintToken(key, ['tables t0:rw']).token;
    for (let i = 1; i < 20; i++) t = attenuateToken(t, [`max-rows ${1000 - i}`]).token;
    const v = verifyToken(key, t);
    expect(v.caveats.filter((c) => c.kind === 'max-rows').map((c) => (c.kind === 'max-rows' ? c.rows : 0))).toEqual(Array.from({ length: 19 }, (_, i) => 999 - i));
    expect(v.ids).toHaveLength(20);
    expect(inspectToken(t).caveats[0]).toBe('tables t0:rw');
  });

  it('refuses a token with an unknown caveat, a third-party caveat, or one signed by another key', () => {
    const m = newMacaroon({ identifier: 'abcdef0123456789', rootKey: key, location: 'pyralog' });
    m.addFirstPartyCaveat('admin true');
    const unknown = Buffer.from(m.exportBinary()).toString('base64url');
    expect(code(() => verifyToken(key, unknown))).toBe('AUTH_INVALID');
    expect(code(() => verifyToken(newRootKey(), mintToken(key, []).token))).toBe('AUTH_INVALID');
    expect(code(() => verifyToken(key, 'AAAA'))).toBe('AUTH_INVALID');
    expect(code(() => verifyToken(key, mintToken(key, ['expires 2001-01-01T00:00:00Z']).token))).toBe('AUTH_EXPIRED');
  });

  it('parses and prints every caveat kind; rejects malformed ones', () => {
    for (const text of ['expires 2030-01-01T00:00:00.000Z', 'methods query,kv.get', 'tables a:r,b:rw', 'kv ns:rw', 'max-rows 10', 'read-only', 'id 0123456789abcdef']) {
      expect(caveatText(parseCaveat(text))).toBe(text);
    }
    for (const text of ['tables a:w', 'max-rows -1', 'expires tomorrow', 'read-only yes', 'methods DROP', 'tables ../x:r']) {
      expect(() => parseCaveat(text), text).toThrow();
    }
  });
});
