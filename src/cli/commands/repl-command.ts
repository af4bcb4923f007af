/**
 * `pyralog repl [--db DIR | --connect ws://HOST:PORT [--token T]] [--lang
 * batuta|prql]`: the interactive REPL over an embedded database, or over a
 * running server (src/repl/remote-backend.ts). On a terminal it prompts;
 * with input piped in it runs the entries and exits, 1 if any failed.
 */
import * as path from 'node:path';
import { open } from '../../engine/database.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { LocalBackend } from '../../repl/local-backend.js';
import { RemoteBackend } from '../../repl/remote-backend.js';
import type { ReplBackend } from '../../repl/repl-backend.js';
import { runRepl } from '../../repl/run-repl.js';
import type { Command } from '../command.js';
import { stringOption } from '../parse-command-args.js';

const replCommand: Command = {
  name: 'repl',
  summary: 'An interactive REPL (Batuta or PRQL) over a database; runs piped input as a script.',
  usage: 'pyralog repl [--db DIR | --connect ws://HOST:PORT [--token T]] [--lang batuta|prql]',
  help: `options:
  --db DIR     database directory (created if missing); without it, a
               database in memory that is gone when the REPL exits
  --connect U  a running server instead (pyralog serve): ws://HOST:PORT;
               entries run server-side, Batuta definitions persist on the
               connection, println output comes back
  --token T    the capability token for a server with auth enabled
               (default: $PYRALOG_TOKEN)
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
  pyralog repl --connect ws://127.0.0.1:8545
  echo 'from albums | take 3' | pyralog repl --db ./data --lang prql`,
  options: { db: { type: 'string' }, lang: { type: 'string' }, connect: { type: 'string' }, token: { type: 'string' } },
  async run(args, context) {
    const dir = stringOption(args, 'db', replCommand);
    const lang = stringOption(args, 'lang', replCommand);
    const url = stringOption(args, 'connect', replCommand);
    const token = stringOption(args, 'token', replCommand) ?? (context.env['PYRALOG_TOKEN'] || undefined);
    if (url !== undefined && dir !== undefined) {
      throw new PyralogError('CLI_USAGE', 'repl takes --db or --connect, not both', { phase: 'cli', hints: ['run `pyralog repl --help` for the options'] });
    }
    if (url === undefined && token !== undefined && stringOption(args, 'token', replCommand) !== undefined) {
      throw new PyralogError('CLI_USAGE', '--token goes with --connect', { phase: 'cli', hints: ['run `pyralog repl --help` for the options'] });
    }
    const onOutput = (text: string): void => void context.stdout.write(text);
    const backend: ReplBackend =
      url !== undefined
        ? await RemoteBackend.connect(url, { ...(token !== undefined ? { token } : {}), onOutput })
        : new LocalBackend(open(dir === undefined ? ':memory:' : path.resolve(context.cwd, dir)), { batutaRoot: context.cwd, onOutput });
    return runRepl({
      backend,
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
