/**
 * `pyralog repl [--db DIR] [--lang batuta|prql]`: the interactive REPL over
 * an embedded database (src/repl). On a terminal it prompts; with input
 * piped in it runs the entries and exits, 1 if any failed.
 */
import * as path from 'node:path';
import { open } from '../../engine/database.js';
import { LocalBackend } from '../../repl/local-backend.js';
import { runRepl } from '../../repl/run-repl.js';
import type { Command } from '../command.js';
import { stringOption } from '../parse-command-args.js';

const replCommand: Command = {
  name: 'repl',
  summary: 'An interactive REPL (Batuta or PRQL) over a database; runs piped input as a script.',
  usage: 'pyralog repl [--db DIR] [--lang batuta|prql]',
  help: `options:
  --db DIR     database directory (created if missing); without it, a
               database in memory that is gone when the REPL exits
  --lang L     the language to start in (default batuta when available,
               else prql; switch inside with :lang)

Inside, :help lists the commands (:tables, :schema T, :explain …, :lang,
:timing on|off, :quit). Batuta runs when its forms balance; PRQL at the end
of a line unless a bracket is open or the line ends in |. Tab completes,
Ctrl-C cancels, Ctrl-D exits. History: $PYRALOG_HISTORY, else ~/.pyralog_history
(PYRALOG_HISTORY= turns it off).

Piped input (not a terminal) is run as a script: Batuta forms in order, PRQL
queries separated by blank lines; exit code 1 if any failed.

examples:
  pyralog repl --db ./data
  echo 'from albums | take 3' | pyralog repl --db ./data --lang prql`,
  options: { db: { type: 'string' }, lang: { type: 'string' } },
  async run(args, context) {
    const dir = stringOption(args, 'db', replCommand);
    const lang = stringOption(args, 'lang', replCommand);
    const db = open(dir === undefined ? ':memory:' : path.resolve(context.cwd, dir));
    return runRepl({
      backend: new LocalBackend(db, { batutaRoot: context.cwd, onOutput: (text) => context.stdout.write(text) }),
      ...(lang === undefined ? {} : { lang }),
      input: process.stdin,
      stdout: context.stdout,
      stderr: context.stderr,
      terminalOutput: process.stdout,
      env: context.env,
    });
  },
};

export default replCommand;
