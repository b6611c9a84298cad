import type { Socket } from 'net';
import { connect } from 'net';
import { encodeSentence, SentenceDecoder } from '../src';

/** A minimal raw API client for simulator tests: send sentences, read sentences and raw bytes. */
export class RawClient {
  private readonly decoder = new SentenceDecoder();
  private readonly queue: string[][] = [];
  private waiters: Array<() => void> = [];
  readonly raw: Buffer[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.raw.push(chunk);
      this.queue.push(...this.decoder.push(chunk));
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  send(...words: string[]): void {
    this.socket.write(encodeSentence(words));
  }

  /** Next sentence (rejects after `ms`). */
  async next(ms = 1000): Promise<string[]> {
    const until = Date.now() + ms;
    while (this.queue.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = until - Date.now();
      if (left <= 0) throw new Error('no sentence within timeout');
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.queue.shift() as string[];
  }

  /** Sentences up to and including the `!done` of `tag`. */
  async until(tag: string, ms = 1000): Promise<string[][]> {
    const out: string[][] = [];
    for (;;) {
      const s = await this.next(ms);
      out.push(s);
      if (s[0] === '!done' && s.includes(`.tag=${tag}`)) return out;
    }
  }

  async login(user = 'admin', password = 'pw'): Promise<void> {
    this.send('/login', `=name=${user}`, `=password=${password}`, '.tag=login');
    const [reply] = await this.until('login');
    if (reply[0] !== '!done') throw new Error(`login failed: ${reply.join(' ')}`);
  }

  waitClosed(ms = 1000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return resolve();
      const t = setTimeout(() => reject(new Error('still open')), ms);
      this.socket.once('close', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
}
