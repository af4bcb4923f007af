/**
 * Server configuration: every key is documented in docs/server.md (with its
 * environment variable), and the sources merge defaults < TOML < env < flags;
 * unknown keys and bad values are SERVER_CONFIG errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPyralogError } from '../../src/errors/pyralog-error.js';
import { SETTINGS, envName, loadServerConfig } from '../../src/server/server-config.js';

const doc = fs.readFileSync(new URL('../../docs/server.md', import.meta.url), 'utf8');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPyralogError(e) ? e.code : String(e);
  }
  return undefined;
}

describe('server config', () => {
  it('documents every key with its environment variable', () => {
    for (const s of SETTINGS) expect(doc, s.key).toContain(`| \`${s.key}\` | ${s.kind} |`);
    for (const s of SETTINGS) expect(doc, s.key).toContain(`\`${envName(s.key)}\``);
  });

  it('merges defaults < TOML < env < flags', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-config-'));
    const file = path.join(dir, 'server.toml');
    fs.writeFileSync(file, 'port = 9000\nhost = "127.0.0.2"\n[limits]\nmaxBatch = 7\nqueryTimeoutMs = 1_500\n[auth]\nenabled = true\n');
    const c = loadServerConfig({ configFile: file, env: { PYRALOG_LIMITS_MAX_BATCH: '9', PYRALOG_PORT: '9100' }, overrides: { port: 9200 } });
    expect(c.port).toBe(9200);
    expect(c.host).toBe('127.0.0.2');
    expect(c.limits.maxBatch).toBe(9);
    expect(c.limits.queryTimeoutMs).toBe(1500);
    expect(c.auth.enabled).toBe(true);
    expect(c.limits.maxResultRows).toBe(100_000);
    fs.writeFileSync(file, '[limits]\nmaxBatchh = 1\n');
    expect(codeOf(() => loadServerConfig({ configFile: file }))).toBe('SERVER_CONFIG');
    fs.writeFileSync(file, 'port = "x"\n');
    expect(codeOf(() => loadServerConfig({ configFile: file }))).toBe('SERVER_CONFIG');
    fs.writeFileSync(file, 'port = [\n');
    expect(codeOf(() => loadServerConfig({ configFile: file }))).toBe('SERVER_CONFIG');
    expect(codeOf(() => loadServerConfig({ env: { PYRALOG_LIMITS_MAX_BATCH: '-1' } }))).toBe('SERVER_CONFIG');
    expect(codeOf(() => loadServerConfig({ overrides: { port: 70000 } }))).toBe('SERVER_CONFIG');
    expect(codeOf(() => loadServerConfig({ configFile: path.join(dir, 'missing.toml') }))).toBe('SERVER_CONFIG');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
