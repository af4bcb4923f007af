/**
 * `pyralog chain init|mine N|import FILE|validate|info --db DIR`: the Demiurge
 * chain's commands. Their arguments are parsed by the chain's own CLI
 * (src/chain/chain-cli.ts), so this command takes its words raw.
 */
import { runChainCommand } from '../../chain/chain-cli.js';
import type { Command } from '../command.js';

const chainCommand: Command = {
  name: 'chain',
  summary: 'The Demiurge chain: init, mine N, import FILE, validate, info (on --db DIR).',
  usage: 'pyralog chain <init|mine N|import FILE|validate|info> --db DIR [options]',
  help: `  init [--network dev|bitcoin]      create the chain (genesis block) in the store
  mine N [--address A | --key-seed S | --payout-script HEX] [--threads K] [--force]
                                    mine N blocks on the tip (dev chain; --force at real difficulty)
  import FILE                       import blocks: blk-framed or one raw block, .bz2 or not
  validate                          replay the best chain from genesis and compare the UTXO set
  info                              tip, work, difficulty, block and UTXO counts

\`pyralog chain <command> --help\` shows one command's help.

examples:
  pyralog chain init --db ./chain
  pyralog chain mine 10 --db ./chain
  pyralog chain init --db ./btc --network bitcoin && pyralog chain import test/data/bitcoin/blocks1-256.bz2 --db ./btc`,
  options: {},
  rawArgs: true,
  async run(args, context) {
    return runChainCommand([...args.positionals], { stdout: context.stdout, stderr: context.stderr, cwd: context.cwd });
  },
};

export default chainCommand;
