import type { IncomingHttpHeaders } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';

interface Received {
  path: string;
  body: any;
  headers: IncomingHttpHeaders;
}

export type Responder = (path: string, body: unknown) => { status: number; body?: unknown; delayMs?: number };

export interface Receiver {
  url: string;
  received: Received[];
  respond: Responder;
  /** Waits until at least n requests (optionally to one path) arrived. */
  waitFor(n: number, path?: string, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for our callback / C2B endpoints. */
export async function startReceiver(respond: Responder = () => ({ status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } })): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const receiver: Receiver = {
    url: '',
    received: [],
    respond,
    async waitFor(n, path, timeoutMs = 2000) {
      const start = Date.now();
      for (;;) {
        const matching = receiver.received.filter((r) => !path || r.path === path);
        if (matching.length >= n) return matching;
        if (Date.now() - start > timeoutMs) throw new Error(`expected ${n} requests${path ? ` to ${path}` : ''}, got ${matching.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep text
      }
      const path = req.url ?? '/';
      receiver.received.push({ path, body, headers: req.headers });
      const answer = receiver.respond(path, body);
      const send = () => {
        const out = JSON.stringify(answer.body ?? {});
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(out);
      };
      if (answer.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, answer.delayMs);
        timers.add(t);
      } else send();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
