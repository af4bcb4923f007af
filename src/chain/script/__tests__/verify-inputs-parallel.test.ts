import { afterAll, describe, expect, it } from 'vitest';
import { VerifyPool } from '../../crypto/verify-pool.js';
import { SignatureCache } from '../../crypto/signature-cache.js';
import { publicKeyOf } from '../../crypto/ecdsa.js';
import { sha256 } from '../../crypto/hash.js';
import { signInput } from '../../tx/sign-input.js';
import type { Transaction } from '../../tx/transaction.js';
import { assemble } from '../assemble.js';
import { parseScriptFlags, STANDARD_FLAGS } from '../flags.js';
import { multisigScript, multisigScriptSig, p2pkhScriptForKey, p2pkhScriptSig, p2shScript, p2shScriptSig } from '../standard-scripts.js';
import { inputJobs, verifyInputsParallel, verifyInputsSequential, type InputJob } from '../verify-inputs-parallel.js';
import { buildSpend, resultName, scriptCases } from './script-corpus.js';

const pool = new VerifyPool(2);
afterAll(() => pool.close());

describe('parallel input verification', () => {
  it('gives exactly the sequential results on the whole script_tests corpus', async () => {
    const jobs: InputJob[] = scriptCases.map((c) => {
      const scriptSig = assemble(c.scriptSig);
      const scriptPubKey = assemble(c.scriptPubKey);
      return { tx: buildSpend(scriptSig, scriptPubKey), inputIndex: 0, spent: { value: 0n, scriptPubKey }, flags: parseScriptFlags(c.flags) };
    });
    const sequential = verifyInputsSequential(jobs).map(resultName);
    const parallel = (await verifyInputsParallel(jobs, { pool })).map(resultName);
    expect(parallel).toEqual(sequential);
    expect(sequential).toEqual(scriptCases.map((c) => c.expected));
  });

  it('matches on signed transactions, valid and tampered, and fills the signature cache', async () => {
    const keys = [1, 2, 3].map((i) => sha256(Uint8Array.of(0x77, i)));
    const pubs = keys.map((k) => publicKeyOf(k));
    const redeem = multisigScript(2, pubs);
    const spent = [
      { value: 1000n, scriptPubKey: p2pkhScriptForKey(pubs[0]!) },
      { value: 2000n, scriptPubKey: p2shScript(redeem) },
    ];
    const unsigned: Transaction = {
      version: 1,
      inputs: [0, 1].map((i) => ({ prevout: { txid: sha256(Uint8Array.of(i)), index: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff })),
      outputs: [{ value: 2500n, scriptPubKey: spent[0]!.scriptPubKey }],
      locktime: 0,
    };
    const signed: Transaction = {
      ...unsigned,
      inputs: [
        { ...unsigned.inputs[0]!, scriptSig: p2pkhScriptSig(signInput(unsigned, 0, spent[0]!.scriptPubKey, keys[0]!), pubs[0]!) },
        {
          ...unsigned.inputs[1]!,
          scriptSig: p2shScriptSig(multisigScriptSig([signInput(unsigned, 1, redeem, keys[1]!), signInput(unsigned, 1, redeem, keys[2]!)]), redeem),
        },
      ],
    };
    const tampered: Transaction = { ...signed, outputs: [{ ...signed.outputs[0]!, value: 2499n }] };
    const jobs = [...inputJobs(signed, spent, STANDARD_FLAGS), ...inputJobs(tampered, spent, STANDARD_FLAGS), ...inputJobs(tampered, spent, 0)];
    const cache = new SignatureCache();
    const parallel = (await verifyInputsParallel(jobs, { pool, sigCache: cache })).map(resultName);
    expect(parallel).toEqual(verifyInputsSequential(jobs).map(resultName));
    // without the P2SH flag the P2SH output only checks the redeem script's hash
    expect(parallel).toEqual(['OK', 'OK', 'NULLFAIL', 'NULLFAIL', 'EVAL_FALSE', 'OK']);
    // the three valid signatures of the untampered transaction are cached
    expect(cache.size).toBe(3);
    // a second pass answers those from the cache and records nothing for them
    const again = await verifyInputsParallel(jobs.slice(0, 2), { pool, sigCache: cache });
    expect(again.map(resultName)).toEqual(['OK', 'OK']);
    expect(cache.hits).toBeGreaterThanOrEqual(3);
  });
});
