/**
 * `pyralog start [--db DIR]` (what `npm start` runs): `pyralog demo`, then,
 * when stdin is a terminal, the REPL on the demo's database. With input
 * piped or redirected it is exactly the demo, so scripts and CI that run
 * `npm start` still finish. A command rather than a shell line in
 * package.json: `[ -t 0 ]` is not portable (npm runs scripts with cmd.exe on
 * Windows) and would make a non-terminal run exit non-zero.
 */
import { invariant } from '../../errors/pyralog-error.js';
import type { Command } from '../command.js';
import { loadCommand } from '../command-registry.js';
import { stringOption } from '../parse-command-args.js';

const startCommand: Command = {
  name: 'start',
  summary: 'The demo, then (on a terminal) the REPL on its database — what `npm start` runs.',
  usage: 'pyralog start [--db DIR]',
  help: `options:
  --db DIR    database directory (default ./data; the Chinook sample is
              imported into it on first run)

Runs \`pyralog demo --db DIR\`; then, if stdin is a terminal, opens
\`pyralog repl --db DIR\`. Without a terminal it stops after the demo.`,
  options: { db: { type: 'string' } },
  async run(args, context) {
    const db = stringOption(args, 'db', startCommand) ?? 'data';
    const demo = await loadCommand('demo');
    const repl = await loadCommand('repl');
    invariant(demo !== undefined && repl !== undefined, 'the demo and repl commands are registered');
    const code = await demo.run({ values: { db }, positionals: [] }, context);
    if (code !== 0 || process.stdin.isTTY !== true) return code;
    context.stdout.write('\n');
    return repl.run({ values: { db }, positionals: [] }, context);
  },
};

export default startCommand;
