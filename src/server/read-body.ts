/**
 * Reads an HTTP request body up to a byte limit, for both the JSON-RPC and
 * the GraphQL endpoints. Past the limit the caller answers 413 in its own
 * protocol's error shape at once; the rest of the body is then read and
 * dropped (up to `DRAIN_BYTES`, or the body's declared length if that is
 * larger than it: then the connection is cut), so that a client still
 * sending reads the 413 instead of a connection reset, and the connection
 * can carry its next request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The most bytes of a refused body read and dropped before the connection is cut instead. */
export const DRAIN_BYTES = 16 * 1024 * 1024;

/** The body's bytes, or undefined when it was larger than `max` (after `tooLarge(res)` answered) or the request failed. */
export function readBodyBytesLimited(req: IncomingMessage, res: ServerResponse, max: number, tooLarge: (res: ServerResponse) => void): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const drainCap = Math.max(DRAIN_BYTES, 4 * max);
    const chunks: Buffer[] = [];
    const refuse = (received: number): void => {
      req.removeAllListeners('data');
      chunks.length = 0;
      if (Number(req.headers['content-length'] ?? 0) > drainCap) {
        res.setHeader('connection', 'close');
        tooLarge(res);
        req.destroy();
      } else {
        let dropped = received;
        req.on('data', (chunk: Buffer) => {
          dropped += chunk.length;
          if (dropped > drainCap) req.socket.destroy();
        });
        tooLarge(res);
      }
      resolve(undefined);
    };
    if (Number(req.headers['content-length'] ?? 0) > max) return refuse(0);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) refuse(size);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

/** The body as text (invalid UTF-8 replaced), or undefined as readBodyBytesLimited says. */
export async function readBodyLimited(req: IncomingMessage, res: ServerResponse, max: number, tooLarge: (res: ServerResponse) => void): Promise<string | undefined> {
  return (await readBodyBytesLimited(req, res, max, tooLarge))?.toString('utf8');
}
