/**
 * Test helper: runs a command on a real pseudo-terminal through util-linux
 * `script` (script -qfec CMD /dev/null), types into it as a person would,
 * and waits for what the terminal shows (escape sequences and carriage
 * returns stripped). Each wait starts where the previous one matched, so a
 * test reads the session in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Terminal keys as the bytes a terminal sends. */
export const KEY = { enter: '\r', tab: '\t', ctrlC: '\x03', ctrlD: '\x04', up: '\x1b[A' } as const;

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** Terminal output as text: CSI sequences (colours, cursor moves, clears) and CRs removed. */
export function plain(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

export class PtySession {
  private raw = '';
  private mark = 0;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => (this.raw += d));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts `argv` on a `cols`×40 terminal in `cwd` with `env`. */
  static start(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; cols?: number }): PtySession {
    const command = `stty cols ${options.cols ?? 100} rows 40; exec ${argv.map(shellQuote).join(' ')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    return new PtySession(child);
  }

  /** Everything shown so far, as plain text. */
  get screen(): string {
    return plain(this.raw);
  }

  /** Sends keys (one write: a terminal delivers a typed key on its own, so send Tab apart from text). */
  type(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** Waits until the text after the last match contains `pattern`; returns that text up to the end of the match. */
  async waitFor(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen.slice(this.mark);
      const m = typeof pattern === 'string' ? (text.includes(pattern) ? { index: text.indexOf(pattern), length: pattern.length } : null) : (() => {
        const r = pattern.exec(text);
        return r === null ? null : { index: r.index, length: r[0].length };
      })();
      if (m !== null) {
        this.mark += m.index + m.length;
        return text.slice(0, m.index + m.length);
      }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`timed out waiting for ${String(pattern)}; the terminal shows after the last match:\n${text}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The exit code once the program ends. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
