import { createHash, randomBytes } from 'crypto';
import type { Socket } from 'net';
import type { CommandFault, FaultController, FaultSettings } from './faults';
import type { SimLogger } from './logger';
import type { CommandReply, CommandRequest, CommandSpec, MenuRegistry, Trap } from './menus';
import { TRAP, TrapError } from './menus';
import type { LoginMethod } from './profiles';
import { encodeSentence, encodeWord, SentenceDecoder } from './protocol';
import type { RouterState, SystemUserInfo } from './state/router-state';

export type TagPosition = 'second' | 'last';

export interface SessionOptions {
  loginMethod: LoginMethod;
  tagPosition: TagPosition;
  logger: SimLogger;
}

interface Running {
  path: string;
  timer?: NodeJS.Timeout;
}

/** Parsed client sentence (docs/routeros.md §1.4). */
interface ClientSentence extends CommandRequest {
  tag?: string;
}

function parseSentence(words: string[]): ClientSentence {
  const attrs = new Map<string, string>();
  const queries: string[] = [];
  let tag: string | undefined;
  for (const w of words.slice(1)) {
    if (w.startsWith('=')) {
      const eq = w.indexOf('=', 1);
      if (eq < 0) attrs.set(w.slice(1), '');
      else attrs.set(w.slice(1, eq), w.slice(eq + 1));
    } else if (w.startsWith('.tag=')) {
      tag = w.slice(5) || undefined;
    } else if (w.startsWith('?')) {
      queries.push(w);
    } else if (w.startsWith('.')) {
      const eq = w.indexOf('=');
      if (eq > 0) attrs.set(w.slice(0, eq), w.slice(eq + 1));
    }
  }
  return { path: words[0], attrs, queries, tag };
}

/** `response = "00" + md5(0x00 ‖ password ‖ challenge)` (docs/routeros.md §1.9). */
export function legacyLoginResponse(password: string, challengeHex: string): string {
  const md5 = createHash('md5');
  md5.update(Buffer.from([0]));
  md5.update(Buffer.from(password, 'latin1'));
  md5.update(Buffer.from(challengeHex, 'hex'));
  return '00' + md5.digest('hex');
}

/**
 * One API connection: framing, login, tags, concurrent commands, `/cancel`, `/quit`, and the
 * per-command faults. Commands run against the shared RouterState after the configured latency.
 */
export class ApiSession {
  private readonly decoder = new SentenceDecoder();
  private user: SystemUserInfo | null = null;
  private challenge: string | null = null;
  private readonly running = new Map<string, Running>();
  private untaggedSeq = 0;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly state: RouterState,
    private readonly menus: MenuRegistry,
    private readonly faults: FaultController,
    private readonly options: SessionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => options.logger.debug('api socket error', { error: err.message }));
    socket.on('close', () => this.dispose());
  }

  get loggedInUser(): string | null {
    return this.user?.name ?? null;
  }

  /** Closes the connection from the router side (FIN). */
  close(): void {
    this.dispose();
    this.socket.destroy();
  }

  private dispose(): void {
    this.closed = true;
    for (const r of this.running.values()) if (r.timer) clearTimeout(r.timer);
    this.running.clear();
  }

  private onData(chunk: Buffer): void {
    let sentences: string[][];
    try {
      sentences = this.decoder.push(chunk);
    } catch (err) {
      this.options.logger.warn('protocol error, closing api connection', { error: (err as Error).message });
      this.close();
      return;
    }
    for (const words of sentences) this.handle(parseSentence(words));
  }

  private handle(s: ClientSentence): void {
    if (this.closed) return;
    const latency = this.faults.get().latencyMs;
    if (s.path === '/login') {
      const f = this.faults.get();
      if (f.hostile && f.hostileAtLogin) {
        this.later(latency, () => this.sendHostile(s, [this.sentence('!done', s.tag, [])], f));
        return;
      }
      this.later(latency + f.slowLoginMs, () => this.login(s));
      return;
    }
    if (s.path === '/quit') {
      this.fatal(TRAP_QUIT);
      return;
    }
    if (!this.user) {
      this.send(this.trapSentences(s.tag, [{ message: TRAP.notLoggedIn }]));
      return;
    }
    if (s.path === '/cancel') {
      this.cancel(s);
      return;
    }
    if (!s.path.startsWith('/')) {
      // e.g. node-routeros' `#` keepalive: answered, never breaks the session [unverified text]
      this.later(latency, () => this.send(this.trapSentences(s.tag, [{ message: TRAP.noSuchCommandPrefix }])));
      return;
    }
    // the settings the fault was taken under (taking the last of `times` clears them)
    const settings = this.faults.get();
    const fault = this.faults.takeCommandFault(s.path);
    const key = s.tag ?? `#untagged-${this.untaggedSeq++}`;
    const entry: Running = { path: s.path };
    this.running.set(key, entry);
    if (fault === 'never-answer') return;
    entry.timer = setTimeout(() => {
      this.running.delete(key);
      if (!this.closed) this.execute(s, fault, settings);
    }, latency);
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const key = `#later-${this.untaggedSeq++}`;
    const timer = setTimeout(() => {
      this.running.delete(key);
      if (!this.closed) fn();
    }, ms);
    this.running.set(key, { path: '/login', timer });
  }

  private execute(s: ClientSentence, fault: CommandFault | null, settings: FaultSettings): void {
    if (fault === 'fatal') {
      this.fatal(this.faults.get().fatalReason);
      return;
    }
    let outcome: CommandReply | Promise<CommandReply>;
    try {
      const spec = this.menus.resolve(s.path);
      const user = this.user as SystemUserInfo;
      if (!hasPolicies(user, spec.policy)) throw new TrapError(TRAP.notEnoughPermissions);
      const refusal = this.faults.takeUserAddRefusal(s.path);
      if (refusal) throw new TrapError(refusal);
      outcome = spec.handler(s, { state: this.state, user, menus: this.menus });
    } catch (err) {
      this.answer(s, fault, settings, this.failureSentences(s, err, fault));
      return;
    }
    if (!(outcome instanceof Promise)) {
      this.answer(s, fault, settings, this.replySentences(s.tag, outcome, fault === 'omit-tag'), outcome.after);
      return;
    }
    // a command that answers later (e.g. /tool/fetch) can be cancelled meanwhile like any other
    const key = s.tag ?? `#async-${this.untaggedSeq++}`;
    const entry: Running = { path: s.path };
    this.running.set(key, entry);
    outcome.then(
      (reply) => {
        if (this.running.get(key) !== entry) return;
        this.running.delete(key);
        this.answer(s, fault, settings, this.replySentences(s.tag, reply, fault === 'omit-tag'), reply.after);
      },
      (err: unknown) => {
        if (this.running.get(key) !== entry) return;
        this.running.delete(key);
        this.answer(s, fault, settings, this.failureSentences(s, err, fault));
      },
    );
  }

  private failureSentences(s: ClientSentence, err: unknown, fault: CommandFault | null): Buffer[] {
    if (!(err instanceof TrapError)) {
      this.options.logger.error('simulator command failed', { path: s.path, error: (err as Error).message });
      return this.trapSentences(s.tag, [{ message: 'failure: internal simulator error', category: 4 }]);
    }
    return this.trapSentences(s.tag, err.traps, fault === 'omit-tag');
  }

  private answer(s: ClientSentence, fault: CommandFault | null, settings: FaultSettings, reply: Buffer[], after?: () => void): void {
    if (this.closed) return;
    if (fault === 'hostile') {
      this.sendHostile(s, reply, settings);
      return;
    }
    if (fault === 'drop-mid-reply') {
      const all = Buffer.concat(reply);
      this.socket.write(all.subarray(0, Math.max(1, Math.floor(all.length / 2))));
      this.socket.end();
      this.dispose();
      return;
    }
    if (fault === 'split-before-nul') {
      const all = Buffer.concat(reply);
      this.socket.write(all.subarray(0, all.length - 1));
      const timer = setTimeout(() => !this.closed && this.socket.write(all.subarray(all.length - 1)), 100);
      this.running.set(`#split-${this.untaggedSeq++}`, { path: s.path, timer });
      return;
    }
    this.send(reply, after);
  }

  /** Answers `s` the way the `hostile` fault says (the real reply is used by 'trickle'). */
  private sendHostile(s: ClientSentence, reply: Buffer[], f: FaultSettings): void {
    const tagWords = s.tag === undefined ? [] : [`.tag=${s.tag}`];
    switch (f.hostile) {
      case 'unknown-tag':
        this.send([this.sentence('!done', `${s.tag ?? ''}stray`, [])]);
        return;
      case 'unknown-reply':
        this.send([this.sentence('!bogus', s.tag, ['=message=not the RouterOS API']), this.sentence('!done', s.tag, [])]);
        return;
      case 'reserved-length':
        this.send([encodeWord('!re'), Buffer.from([0xf8, 0x01, 0x02, 0x03])]);
        return;
      case 'oversized-word':
        // 0xF0 + 4 bytes: a 2^31-byte word, then data as fast as the client takes it
        this.flood(Buffer.concat([encodeWord('!re'), Buffer.from([0xf0, 0x80, 0x00, 0x00, 0x00])]), Buffer.alloc(64 * 1024, 0x78), f.floodBytes);
        return;
      case 'endless-sentence': {
        const word = encodeWord(`=comment=${'y'.repeat(1000)}`);
        this.flood(Buffer.concat([encodeWord('!re'), ...tagWords.map(encodeWord)]), Buffer.concat(Array.from({ length: 64 }, () => word)), f.floodBytes);
        return;
      }
      case 'bytes-after-fatal':
        if (this.closed) return;
        this.socket.write(Buffer.concat([encodeSentence(['!fatal', f.fatalReason]), encodeSentence(['!done', ...tagWords])]));
        this.socket.end();
        this.dispose();
        return;
      case 'trickle':
        this.trickle(Buffer.concat(reply), f.trickleIntervalMs);
        return;
      default:
        this.send(reply);
    }
  }

  /** Writes `head`, then `block` repeatedly until `total` bytes went out, honouring backpressure. */
  private flood(head: Buffer, block: Buffer, total: number): void {
    let sent = 0;
    const pump = (): void => {
      while (!this.closed && this.socket.writable && sent < total) {
        const chunk = sent === 0 ? head : block;
        sent += chunk.length;
        if (!this.socket.write(chunk)) {
          this.socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  /** Sends `bytes` one byte every `intervalMs` (a peer that keeps the connection busy forever). */
  private trickle(bytes: Buffer, intervalMs: number): void {
    const key = `#trickle-${this.untaggedSeq++}`;
    let i = 0;
    const timer = setInterval(
      () => {
        if (this.closed || !this.socket.writable || i >= bytes.length) {
          clearInterval(timer);
          this.running.delete(key);
          return;
        }
        this.socket.write(bytes.subarray(i, ++i));
      },
      Math.max(1, intervalMs),
    );
    this.running.set(key, { path: 'trickle', timer });
  }

  private login(s: ClientSentence): void {
    const name = s.attrs.get('name');
    const response = s.attrs.get('response');
    if (this.options.loginMethod === 'legacy') {
      if (response === undefined) {
        this.challenge = randomBytes(16).toString('hex');
        this.send([this.sentence('!done', s.tag, [`=ret=${this.challenge}`])]);
        return;
      }
      const user = name !== undefined ? this.state.systemUserInfo(name) : null;
      const password = name !== undefined ? (this.state.systemUsers.find('name', name)?.password ?? '') : '';
      const ok = user && this.challenge && user.policies.has('api') && legacyLoginResponse(password, this.challenge) === response;
      this.challenge = null;
      if (!ok) {
        this.loginFailed(name);
        this.send(this.trapSentences(s.tag, [{ message: TRAP.legacyBadLogin }]));
        return;
      }
      this.loginOk(user);
      this.send([this.sentence('!done', s.tag, [])]);
      return;
    }
    const user = name !== undefined ? this.state.authenticate(name, s.attrs.get('password') ?? '') : null;
    if (!user) {
      this.loginFailed(name);
      this.send(this.trapSentences(s.tag, [{ message: TRAP.badLogin }]));
      return;
    }
    this.loginOk(user);
    this.send([this.sentence('!done', s.tag, [])]);
  }

  private loginOk(user: SystemUserInfo): void {
    this.user = user;
    this.state.log.add('system,info,account', `user ${user.name} logged in from ${this.socket.remoteAddress ?? '?'} via api`);
  }

  private loginFailed(name: string | undefined): void {
    this.state.log.add('system,error,critical', `login failure for user ${name ?? ''} from ${this.socket.remoteAddress ?? '?'} via api`);
  }

  private cancel(s: ClientSentence): void {
    const target = s.attrs.get('tag');
    const keys = target !== undefined ? [target] : [...this.running.keys()].filter((k) => !k.startsWith('#'));
    const out: Buffer[] = [];
    const cancelled: string[] = [];
    for (const key of keys) {
      const r = this.running.get(key);
      if (!r) continue;
      if (r.timer) clearTimeout(r.timer);
      this.running.delete(key);
      out.push(this.trapSentence(key, { message: TRAP.interrupted, category: 2 }));
      cancelled.push(key);
    }
    if (target !== undefined && cancelled.length === 0) {
      this.send(this.trapSentences(s.tag, [{ message: TRAP.noSuchItem }]));
      return;
    }
    // doc order: trap of the cancelled command, done of /cancel, done of the cancelled command
    out.push(this.sentence('!done', s.tag, []));
    for (const key of cancelled) out.push(this.sentence('!done', key, []));
    this.send(out);
  }

  private fatal(reason: string): void {
    if (this.closed) return;
    this.socket.write(encodeSentence(['!fatal', reason]));
    this.socket.end();
    this.dispose();
  }

  private replySentences(tag: string | undefined, reply: CommandReply, omitTag = false): Buffer[] {
    const t = omitTag ? undefined : tag;
    const out = reply.rows.map((row) =>
      this.sentence(
        '!re',
        t,
        Object.entries(row).map(([k, v]) => `=${k}=${v}`),
      ),
    );
    if (reply.isPrint && reply.rows.length === 0 && this.state.profile.sendsEmpty) out.push(this.sentence('!empty', t, []));
    out.push(this.sentence('!done', t, reply.ret !== undefined ? [`=ret=${reply.ret}`] : []));
    return out;
  }

  private trapSentences(tag: string | undefined, traps: Trap[], omitTag = false): Buffer[] {
    const t = omitTag ? undefined : tag;
    const out = traps.map((trap) => this.trapSentence(t, trap));
    out.push(this.sentence('!done', t, []));
    return out;
  }

  private trapSentence(tag: string | undefined, trap: Trap): Buffer {
    return this.sentence('!trap', tag, [...(trap.category !== undefined ? [`=category=${trap.category}`] : []), `=message=${trap.message}`]);
  }

  private sentence(reply: string, tag: string | undefined, words: string[]): Buffer {
    if (tag === undefined) return encodeSentence([reply, ...words]);
    const tagWord = `.tag=${tag}`;
    return encodeSentence(this.options.tagPosition === 'last' ? [reply, ...words, tagWord] : [reply, tagWord, ...words]);
  }

  /** `after` runs once the bytes are handed to the kernel (a reboot must not cut its own `!done`). */
  private send(sentences: Buffer[], after?: () => void): void {
    if (!this.closed && this.socket.writable) this.socket.write(Buffer.concat(sentences), after && (() => after()));
    else after?.();
  }
}

const TRAP_QUIT = 'session terminated on request';

function hasPolicies(user: SystemUserInfo, needed: CommandSpec['policy']): boolean {
  return (typeof needed === 'string' ? [needed] : needed).every((p) => user.policies.has(p));
}
