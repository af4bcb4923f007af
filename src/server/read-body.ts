/**
 * Reads an HTTP request body up to a byte limit, for both the JSON-RPC and
 * the GraphQL endpoints: a declared or actual size past the limit stops the
 * read, closes the connection and lets the caller answer 413 in its own
 * protocol's error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The body as text, or undefined when it was larger than `max` (after `tooLarge(res)` answered) or the request failed. */
export function readBodyLimited(req: IncomingMessage, res: ServerResponse, max: number, tooLarge: (res: ServerResponse) => void): Promise<string | undefined> {
  return new Promise((resolve) => {
    const refuse = (): void => {
      res.setHeader('connection', 'close');
      tooLarge(res);
      req.destroy();
      resolve(undefined);
    };
    if (Number(req.headers['content-length'] ?? 0) > max) return refuse();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        refuse();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}
