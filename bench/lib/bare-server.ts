/**
 * bench/server's floor: a bare JSON-RPC responder over the same libraries and
 * sockets as the real server (node:http for POST, `ws` for WebSocket, one
 * loopback port) but with no database, no tokens, no limits and no threads.
 * It parses every request and answers at once with a result of the real
 * answers' shape and size (a one-row query result, an upsert's count and
 * sequence). Run under the same load generator, it measures what this
 * machine's TCP loopback, HTTP and WebSocket layers and the load generator
 * cost by themselves: the part of the server's latency and CPU per call that
 * no work in the query engine or the server's own code can remove.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface BareServer {
  readonly port: number;
  close(): Promise<void>;
}

interface Request {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: { readonly params?: readonly unknown[] };
}

const COLUMNS = [
  { name: 'id', type: 'int64' },
  { name: 'name', type: 'utf8' },
  { name: 'v', type: 'float64' },
];

export function startBareServer(): Promise<BareServer> {
  let sequence = 0;
  const answer = (text: string): string => {
    let r: Request;
    try {
      r = JSON.parse(text) as Request;
    } catch {
      return '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}';
    }
    const id = r.id ?? null;
    if (r.method === 'upsert') return JSON.stringify({ jsonrpc: '2.0', id, result: { count: 1, sequence: ++sequence } });
    const first = r.params?.params?.[0] ?? 0;
    return JSON.stringify({ jsonrpc: '2.0', id, result: { columns: COLUMNS, rows: [[String(first), `n${String(first)}`, Number(first) / 3]] } });
  };
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = answer(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => ws.send(answer(data.toString('utf8'))));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
