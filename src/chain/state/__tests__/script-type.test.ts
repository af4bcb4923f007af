import { describe, expect, it } from 'vitest';
import { fromHex } from '../../encoding/hex.js';
import { base58Check, base58CheckDecode, classifyScript, p2pkhScript, scriptAddress, scriptForAddress } from '../script-type.js';

const BTC = { pubkeyHash: 0x00, scriptHash: 0x05 };

describe('output scripts', () => {
  it('renders Bitcoin addresses (Base58Check) of known outputs', () => {
    // Satoshi's genesis key (P2PK) -> 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa
    const genesisKey = fromHex('4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac');
    expect(classifyScript(genesisKey)).toBe('p2pk');
    expect(scriptAddress(genesisKey, BTC)).toBe('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
    // hash160 of zero key hash edge: leading zero bytes become leading '1's
    expect(base58Check(0x00, new Uint8Array(20))).toBe('1111111111111111111114oLvT2');
    const p2sh = fromHex('a914' + '89abcdefabbaabbaabbaabbaabbaabbaabbaabba' + '87');
    expect(classifyScript(p2sh)).toBe('p2sh');
    expect(scriptAddress(p2sh, BTC)).toBe('3EExK1K1TF3v7zsFtQHt14XqexCwgmXM1y');
    expect(scriptAddress(p2pkhScript(fromHex('62e907b15cbf27d5425399ebf6f0fb50ebb88f18')), BTC)).toBe('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
  });

  it('decodes addresses back to their output scripts, rejecting bad checksums and other networks', () => {
    const p2pkh = p2pkhScript(fromHex('62e907b15cbf27d5425399ebf6f0fb50ebb88f18'));
    expect(scriptForAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', BTC)).toEqual(p2pkh);
    expect(scriptForAddress('3EExK1K1TF3v7zsFtQHt14XqexCwgmXM1y', BTC)).toEqual(fromHex('a914' + '89abcdefabbaabbaabbaabbaabbaabbaabbaabba' + '87'));
    expect(scriptForAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', BTC)).toBeUndefined();
    expect(scriptForAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7Div0Na', BTC)).toBeUndefined();
    const dev = { pubkeyHash: 0x1e, scriptHash: 0x32 };
    const devAddress = scriptAddress(p2pkh, dev)!;
    expect(devAddress.startsWith('D')).toBe(true);
    expect(scriptForAddress(devAddress, dev)).toEqual(p2pkh);
    expect(scriptForAddress(devAddress, BTC)).toBeUndefined();
    expect(base58CheckDecode('1111111111111111111114oLvT2')).toEqual({ version: 0, payload: new Uint8Array(20) });
  });

  it('classifies the standard templates', () => {
    expect(classifyScript(fromHex('6a0568656c6c6f'))).toBe('nulldata');
    expect(classifyScript(fromHex('0014' + '11'.repeat(20)))).toBe('p2wpkh');
    expect(classifyScript(fromHex('0020' + '11'.repeat(32)))).toBe('p2wsh');
    expect(classifyScript(fromHex('5120' + '11'.repeat(32)))).toBe('p2tr');
    expect(classifyScript(fromHex('5121' + '02' + '11'.repeat(32) + '51ae'))).toBe('multisig');
    expect(classifyScript(fromHex('51'))).toBe('nonstandard');
    expect(scriptAddress(fromHex('51'), BTC)).toBeNull();
  });
});
