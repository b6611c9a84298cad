import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { mailboxPage, messagePage, notFoundPage } from './page';

export interface SinkMessage {
  id: string;
  /** envelope sender */
  from: string;
  /** envelope recipients, lower-cased */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** the Message-ID header the sender set */
  messageId: string | null;
  receivedAt: string;
}

export interface MailSinkOptions {
  host?: string;
  /** SMTP port (0 or unset = a free one) */
  smtpPort?: number;
  /** mailbox page + JSON control API port (0 or unset = a free one) */
  httpPort?: number;
  /** messages kept (oldest dropped first) */
  limit?: number;
}

export interface MailSink {
  /** `smtp://127.0.0.1:<port>` */
  smtpUrl: string;
  smtpPort: number;
  /** base of the mailbox page (`${httpUrl}/mailbox`) and the control API (`${httpUrl}/api/messages`) */
  httpUrl: string;
  messages(to?: string): SinkMessage[];
  clear(): void;
  /** resolves with the first message (to `to`, when given) whose arrival makes `predicate` true */
  waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

/**
 * A local SMTP server that accepts every message (any or no login, no TLS), keeps it in memory
 * and shows it on a simulated mailbox page. For `npm start` and the tests only: nothing it
 * receives leaves the machine.
 *
 * HTTP: GET /mailbox[?to=] (page), GET /mailbox/:id (one message), GET /api/messages[?to=]
 * (JSON, oldest first), DELETE /api/messages (clear).
 */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.limit ?? 1000;
  const store: SinkMessage[] = [];
  const waiters = new Set<(m: SinkMessage) => void>();

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 2 * 1024 * 1024,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sink' });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const message: SinkMessage = {
            id: randomUUID(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            messageId: parsed.messageId ?? null,
            receivedAt: new Date().toISOString(),
          };
          store.push(message);
          if (store.length > limit) store.splice(0, store.length - limit);
          for (const waiter of [...waiters]) waiter(message);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  smtp.on('error', () => undefined);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const list = (to?: string | null) => (to ? store.filter((m) => m.to.includes(to.trim().toLowerCase())) : [...store]);

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(body);
    };
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/mailbox')) {
      const to = url.searchParams.get('to')?.trim() || null;
      return send(200, 'text/html', mailboxPage(to, list(to)));
    }
    if (req.method === 'GET' && url.pathname.startsWith('/mailbox/')) {
      const id = decodeURIComponent(url.pathname.slice('/mailbox/'.length));
      const message = store.find((m) => m.id === id);
      return message ? send(200, 'text/html', messagePage(message)) : send(404, 'text/html', notFoundPage());
    }
    if (url.pathname === '/api/messages') {
      if (req.method === 'GET') return send(200, 'application/json', JSON.stringify(list(url.searchParams.get('to'))));
      if (req.method === 'DELETE') {
        store.length = 0;
        res.writeHead(204).end();
        return;
      }
    }
    send(404, 'application/json', JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort ?? 0, host, () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    smtpPort,
    httpUrl: `http://${host}:${httpPort}`,
    messages: (to) => list(to),
    clear: () => {
      store.length = 0;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = store.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (m: SinkMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`mail sink: no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      (http as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
