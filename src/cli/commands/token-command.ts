/**
 * `pyralog token create|attenuate|inspect|revoke`: capability tokens for
 * `pyralog serve` (macaroons, see src/server/capability-tokens.ts).
 * `create` mints a token from the database's root key (creating the key,
 * mode 0600, on first use); `attenuate` narrows a token offline, without the
 * key; `inspect` prints a token's id and caveats; `revoke` puts a token's id
 * on the database's revocation list (a running server sees it on the next call).
 */
import * as path from 'node:path';
import { open } from '../../engine/database.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { attenuateToken, inspectToken, mintToken, parseCaveat } from '../../server/capability-tokens.js';
import { ensureRootKey, revokeIds } from '../../server/authenticator.js';
import type { Command, ParsedArgs } from '../command.js';
import { listOption, stringOption, usageError } from '../parse-command-args.js';

const tokenCommand: Command = {
  name: 'token',
  summary: 'Create, attenuate, inspect or revoke capability tokens for pyralog serve.',
  usage: 'pyralog token (create --db DIR | attenuate TOKEN | inspect TOKEN | revoke --db DIR (TOKEN | --id ID)) [caveats]',
  help: `subcommands:
  create --db DIR [caveats]      mint a token (prints it); creates DIR/server-root.key (mode 0600) if needed
  attenuate TOKEN [caveats]      a narrower token from TOKEN, offline (no key needed)
  inspect TOKEN                  print the token's id and caveats (the signature is not checked)
  revoke --db DIR TOKEN          revoke TOKEN (and every token attenuated from it)
  revoke --db DIR --id ID        revoke by id (as inspect prints it)

caveats (each narrows the token; all must hold):
  --expires T           an ISO time, or a duration from now: 30s, 15m, 12h, 7d
  --methods M,M         only these methods (query, explain, tables, insert, kv.get, …)
  --tables T:r,U:rw     only these tables (r = read, rw = read and write)
  --kv NS:r,NS:rw       only these key-value namespaces
  --max-rows N          at most N rows per result or write call
  --read-only           no writes
  --caveat TEXT         a caveat in its text form (see docs/rpc.md)
  --key-file F          the root key file (default DIR/server-root.key)

example:
  pyralog token create --db ./music --tables tracks:r --expires 7d`,
  options: {
    db: { type: 'string' },
    expires: { type: 'string' },
    methods: { type: 'string' },
    tables: { type: 'string' },
    kv: { type: 'string' },
    'max-rows': { type: 'string' },
    'read-only': { type: 'boolean' },
    caveat: { type: 'string', multiple: true },
    id: { type: 'string' },
    'key-file': { type: 'string' },
  },
  positionals: true,
  async run(args, context) {
    const [sub, token, ...extra] = args.positionals;
    if (extra.length > 0) throw usageError(`token: unexpected ${extra.join(' ')}`, tokenCommand);
    const dbDir = (): string => path.resolve(context.cwd, stringOption(args, 'db', tokenCommand, true));
    const needToken = (): string => {
      if (token === undefined) throw usageError(`token ${sub ?? ''}: give the TOKEN`, tokenCommand);
      return token;
    };
    switch (sub) {
      case 'create': {
        const dir = dbDir();
        const keyFile = stringOption(args, 'key-file', tokenCommand);
        const key = ensureRootKey(dir, keyFile === undefined ? '' : path.resolve(context.cwd, keyFile));
        const minted = mintToken(key, caveatsOf(args));
        context.stdout.write(`${minted.token}\n`);
        context.stderr.write(`token id ${minted.id}\n`);
        return 0;
      }
      case 'attenuate': {
        const narrowed = attenuateToken(needToken(), caveatsOf(args));
        context.stdout.write(`${narrowed.token}\n`);
        context.stderr.write(`attenuation id ${narrowed.id}\n`);
        return 0;
      }
      case 'inspect': {
        const info = inspectToken(needToken());
        context.stdout.write(`id ${info.id}\nlocation ${info.location}\n${info.caveats.map((c) => `caveat ${c}\n`).join('')}`);
        return 0;
      }
      case 'revoke': {
        const byId = stringOption(args, 'id', tokenCommand);
        let id: string;
        if (byId !== undefined) id = byId;
        else {
          const info = inspectToken(needToken());
          const attenuations = info.caveats.filter((c) => c.startsWith('id ')).map((c) => c.slice(3));
          id = attenuations[attenuations.length - 1] ?? info.id;
        }
        if (!/^[0-9a-f]{8,64}$/.test(id)) throw usageError(`token revoke: ${JSON.stringify(id)} is not a token id`, tokenCommand);
        const db = open(dbDir());
        try {
          revokeIds(db, [id]);
        } finally {
          db.close();
        }
        context.stdout.write(`revoked ${id}\n`);
        return 0;
      }
      default:
        throw usageError(`token: want create, attenuate, inspect or revoke${sub === undefined ? '' : `, not ${JSON.stringify(sub)}`}`, tokenCommand);
    }
  },
};

/** `30s`, `15m`, `12h`, `7d` from now, or an ISO time. */
function expiryText(text: string): string {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m !== null) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(Date.now() + Number(m[1]) * unit).toISOString();
  }
  return text;
}

function caveatsOf(args: ParsedArgs): string[] {
  const out: string[] = [];
  const str = (name: string): string | undefined => {
    const v = args.values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const expires = str('expires');
  if (expires !== undefined) out.push(`expires ${expiryText(expires)}`);
  const methods = str('methods');
  if (methods !== undefined) out.push(`methods ${methods}`);
  const tables = str('tables');
  if (tables !== undefined) out.push(`tables ${tables}`);
  const kv = str('kv');
  if (kv !== undefined) out.push(`kv ${kv}`);
  const maxRows = str('max-rows');
  if (maxRows !== undefined) out.push(`max-rows ${maxRows}`);
  if (args.values['read-only'] === true) out.push('read-only');
  out.push(...listOption(args, 'caveat'));
  for (const c of out) {
    try {
      parseCaveat(c);
    } catch (e) {
      throw new PyralogError('CLI_USAGE', `token: ${(e as Error).message}`, { phase: 'cli' });
    }
  }
  return out;
}

export default tokenCommand;
