/**
 * The named chains a store can hold: `dev` (the Demiurge dev chain) and
 * `bitcoin` (Bitcoin main-net rules, for importing real blocks). A store
 * records the chain name it was created with; `paramsForName` maps it back.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { BITCOIN_MAIN } from './bitcoin-main.js';
import type { ChainParams } from './chain-params.js';
import { DEMIURGE_DEV } from './demiurge.js';

const BY_NAME: Readonly<Record<string, ChainParams>> = {
  [DEMIURGE_DEV.name]: DEMIURGE_DEV,
  [BITCOIN_MAIN.name]: BITCOIN_MAIN,
};

const ALIASES: Readonly<Record<string, string>> = { dev: DEMIURGE_DEV.name, demiurge: DEMIURGE_DEV.name, bitcoin: BITCOIN_MAIN.name, main: BITCOIN_MAIN.name };

export const NETWORK_NAMES: readonly string[] = ['dev', 'bitcoin'];

/** Params for a network name or alias (dev, demiurge, bitcoin, main, or a full chain name). */
export function paramsForName(name: string): ChainParams {
  const p = BY_NAME[ALIASES[name] ?? name];
  if (p === undefined) {
    throw new PyralogError('CHAIN_UNKNOWN_NETWORK', `unknown network '${name}'`, { phase: 'cli', hints: [`known networks: ${NETWORK_NAMES.join(', ')}`] });
  }
  return p;
}
