import type { CommandOptions, RawRow, RouterConnection } from './connection';
import type { PrintOptions } from './commands';
import { attrWords, MenuCommands } from './commands';
import { RouterOsError } from './errors';

/**
 * Files, text exports and binary backups over the API (docs/routeros.md §9). Everything here
 * needs RouterOS 7.13+ for reading files (`/file/read` + `:convert`); on 6.49 those commands trap.
 */

export interface RouterFile {
  id: string;
  name: string;
  /** as the router prints it: `backup`, `script`, `.rsc file`, `directory`, … */
  type: string;
  size: number;
  creationTime: string;
}

export interface ImportOutcome {
  ok: boolean;
  /** the router's error text, without the line note */
  error?: string;
  /** the script line the import stopped at (commands before it stay applied) */
  line?: number;
}

/** `/file/read` refuses chunks above this (RouterOS manual). */
export const MAX_FILE_CHUNK = 32_768;
/** readFile's default cap on a file's size. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A file name we put inside a script string: no quote, escape, variable or query characters. */
const SAFE_FILE_NAME = /^[A-Za-z0-9._ /-]{1,200}$/;

function assertFileName(name: string): void {
  if (!SAFE_FILE_NAME.test(name) || name.includes('..')) {
    throw new TypeError(`file name ${JSON.stringify(name)} must be 1-200 characters of letters, digits, space, . _ - / (no ..)`);
  }
}

/** `… (line 12)` at the end of an `/import` trap (wording [unverified], docs/routeros.md §9). */
const LINE_NOTE = /^(.*?)\s*\(line (\d+)(?: column \d+)?\)\s*$/s;

export class BackupApi {
  private readonly menu: MenuCommands;

  constructor(private readonly conn: RouterConnection) {
    this.menu = new MenuCommands(conn);
  }

  /** `/export file=<name>` → the router writes `<name>.rsc`; `showSensitive` (v7 only) includes passwords. */
  async exportToFile(name: string, opts: CommandOptions & { showSensitive?: boolean } = {}): Promise<void> {
    assertFileName(name);
    const words = ['/export', `=file=${name}`];
    if (opts.showSensitive) words.push('=show-sensitive=');
    await this.conn.write(words, opts);
  }

  /** `/system/backup/save name=<name>` → `<name>.backup`; null password = unencrypted (`dont-encrypt=yes`). */
  async saveBinary(name: string, password: string | null, opts: CommandOptions = {}): Promise<void> {
    assertFileName(name);
    const attrs = password === null || password === '' ? { name, 'dont-encrypt': true } : { name, password };
    await this.conn.write(['/system/backup/save', ...attrWords(attrs)], opts);
  }

  async files(opts: PrintOptions = {}): Promise<RouterFile[]> {
    const rows = await this.menu.print('/file', opts);
    return rows.map(toFile);
  }

  /**
   * Polls /file/print until `name` exists and its size is the same twice in a row (and not 0:
   * a file still being written is listed empty at first). TIMEOUT when `timeoutMs` passes.
   */
  async waitForFile(name: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<RouterFile> {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    const pollMs = opts.pollMs ?? 250;
    let last: RouterFile | null = null;
    for (;;) {
      const [file] = await this.files({ where: { name }, timeoutMs: Math.max(1, deadline - Date.now()) });
      if (file && last && file.size > 0 && file.size === last.size) return file;
      last = file ?? null;
      if (Date.now() + pollMs > deadline) {
        throw new RouterOsError('TIMEOUT', `file ${name} did not appear with a stable size on ${this.conn.name}`, { router: this.conn.name, command: '/file/print' });
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /**
   * Reads a file in base64 chunks through `/execute` (the API has no download verb and words
   * are not binary-safe), checks the total against the size `/file/print` gave, and refuses
   * files over `maxBytes` before reading any of it.
   */
  async readFile(name: string, opts: { maxBytes?: number; chunkSize?: number } & CommandOptions = {}): Promise<Buffer> {
    assertFileName(name);
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    const chunkSize = Math.min(MAX_FILE_CHUNK, Math.max(1, Math.floor(opts.chunkSize ?? MAX_FILE_CHUNK)));
    const context = { router: this.conn.name, command: '/execute' };
    const [file] = await this.files({ where: { name }, timeoutMs: opts.timeoutMs });
    if (!file) throw new RouterOsError('NOT_FOUND', `no file ${name} on ${this.conn.name}`, { ...context, command: '/file/print' });
    if (file.size > maxBytes) throw new RouterOsError('TRAP', `file ${name} is ${file.size} bytes, over the ${maxBytes}-byte limit`, context);
    const chunks: Buffer[] = [];
    let offset = 0;
    while (offset < file.size) {
      const script = `:put [:convert ([/file/read file="${name}" offset=${offset} chunk-size=${chunkSize} as-value]->"data") to=base64]`;
      const rows = await this.conn.write(['/execute', `=script=${script}`, '=as-string='], { timeoutMs: opts.timeoutMs });
      const ret = retOf(rows);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(ret)) throw new RouterOsError('TRAP', `reading ${name}: the router answered something other than base64`, context);
      const chunk = Buffer.from(ret, 'base64');
      if (chunk.length === 0) break;
      if (chunk.length > chunkSize) throw new RouterOsError('TRAP', `reading ${name}: a ${chunk.length}-byte chunk, asked for ${chunkSize}`, context);
      chunks.push(chunk);
      offset += chunk.length;
      if (offset > maxBytes) throw new RouterOsError('TRAP', `file ${name} grew over the ${maxBytes}-byte limit while being read`, context);
    }
    if (offset !== file.size) throw new RouterOsError('TRAP', `reading ${name}: got ${offset} bytes, /file/print said ${file.size}`, context);
    return Buffer.concat(chunks);
  }

  /** `/file/remove` by name (a missing file → NOT_FOUND). */
  async removeFile(name: string, opts: CommandOptions = {}): Promise<void> {
    assertFileName(name);
    await this.conn.write(['/file/remove', `=numbers=${name}`], opts);
  }

  /**
   * The router downloads `url` into `dstName` (`/tool/fetch`, http or https; the certificate is
   * checked for https). An HTTP error is the router's trap (`failure: closing connection: <404 …>`).
   */
  async fetchToFile(url: string, dstName: string, opts: CommandOptions = {}): Promise<void> {
    assertFileName(dstName);
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError('fetchToFile needs an http or https URL');
    const mode = parsed.protocol === 'https:' ? 'https' : 'http';
    const attrs = { url, 'dst-path': dstName, mode, 'check-certificate': mode === 'https' ? 'yes' : 'no', output: 'file' };
    const rows = await this.conn.write(['/tool/fetch', ...attrWords(attrs)], opts);
    const failed = rows.find((r) => r.status === 'failed');
    if (failed) throw new RouterOsError('TRAP', `fetch of ${dstName} failed on ${this.conn.name}`, { router: this.conn.name, command: '/tool/fetch' });
  }

  /**
   * `/import file-name=<name>`. The router stops at the first error: the outcome then carries
   * its text and line (commands before it stay applied); another trap (e.g. no such file) is an
   * outcome without a line. No permission for /import itself, an unknown command (no /import)
   * and a lost connection are thrown.
   */
  async importFile(name: string, opts: CommandOptions = {}): Promise<ImportOutcome> {
    assertFileName(name);
    try {
      await this.conn.write(['/import', `=file-name=${name}`], opts);
      return { ok: true };
    } catch (err) {
      if (!(err instanceof RouterOsError) || err.connectionLost) throw err;
      const message = err.details.trap ?? err.message;
      const m = LINE_NOTE.exec(message);
      if (m) return { ok: false, error: m[1], line: Number(m[2]) };
      if (err.code === 'PERMISSION' || err.code === 'AUTH' || err.code === 'UNKNOWN_COMMAND') throw err;
      return { ok: false, error: message };
    }
  }

  /**
   * `/system/backup/load`: the router answers, then reboots; a connection that drops right
   * after sending the command is that reboot, not an error. Checks first that the file exists.
   */
  async loadBinary(name: string, password: string | null, opts: CommandOptions = {}): Promise<void> {
    assertFileName(name);
    const [file] = await this.files({ where: { name }, timeoutMs: opts.timeoutMs });
    if (!file) throw new RouterOsError('NOT_FOUND', `no file ${name} on ${this.conn.name}`, { router: this.conn.name, command: '/file/print' });
    try {
      await this.conn.write(['/system/backup/load', ...attrWords({ name, password: password ?? undefined })], opts);
    } catch (err) {
      if (err instanceof RouterOsError && err.code === 'CONNECTION') return;
      throw err;
    }
  }
}

function retOf(rows: RawRow[]): string {
  for (let i = rows.length - 1; i >= 0; i--) if ('ret' in rows[i]) return rows[i].ret;
  return '';
}

function toFile(r: RawRow): RouterFile {
  return {
    id: r['.id'],
    name: r.name ?? '',
    type: r.type ?? '',
    size: /^\d+$/.test(r.size ?? '') ? Number(r.size) : 0,
    creationTime: r['creation-time'] ?? r['last-modified'] ?? '',
  };
}
