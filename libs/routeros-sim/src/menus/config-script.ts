import { RouterState } from '../state/router-state';
import type { Row } from '../state/table';
import type { CrudSpec } from './crud';
import type { MenuRegistry } from './index';
import type { CommandContext, CommandReply, CommandRequest, CommandSpec } from './types';
import { TrapError } from './types';

/**
 * `/export` text from the router's actual state, and `/import` of that text through the same
 * menu handlers the API uses (docs/routeros.md §9). Only the sections below are written; the
 * import understands menu lines, `add`/`set`/`remove`/`enable`/`disable`, `[ find k=v ]`,
 * quoted values and `\` line continuations — the format the export writes.
 */

interface Section {
  /** as printed: `/ip hotspot user` */
  header: string;
  /** the API menu */
  path: string;
  /** rows written as `add` (default: every non-dynamic row of the menu) */
  addRows?: (s: RouterState) => Row[];
  /** rows that exist on every router: written as `set <target>` with what differs from factory */
  setRows?: (s: RouterState, factory: RouterState) => Array<{ target: string; row: Row; factory: Row | undefined }>;
}

const nonDynamic = (rows: Row[]): Row[] => rows.filter((r) => r.dynamic !== 'true' && r.default !== 'true');

const defaultRow = (rows: Row[], factoryRows: Row[]): Array<{ target: string; row: Row; factory: Row | undefined }> =>
  rows.filter((r) => r.default === 'true').map((row) => ({ target: '[ find default=yes ]', row, factory: factoryRows.find((f) => f.default === 'true') }));

const SECTIONS: Section[] = [
  { header: '/interface bridge', path: '/interface/bridge', addRows: (s) => s.interfaces.filter((r) => r.type === 'bridge') },
  { header: '/ip pool', path: '/ip/pool', addRows: (s) => s.pools.all() },
  {
    header: '/ip hotspot profile',
    path: '/ip/hotspot/profile',
    setRows: (s, f) => defaultRow(s.hotspot.serverProfiles.all(), f.hotspot.serverProfiles.all()),
    addRows: (s) => nonDynamic(s.hotspot.serverProfiles.all()),
  },
  {
    header: '/ip hotspot user profile',
    path: '/ip/hotspot/user/profile',
    setRows: (s, f) => defaultRow(s.hotspot.userProfiles.all(), f.hotspot.userProfiles.all()),
    addRows: (s) => nonDynamic(s.hotspot.userProfiles.all()),
  },
  { header: '/ip hotspot', path: '/ip/hotspot', addRows: (s) => s.hotspot.servers.all() },
  { header: '/ip hotspot user', path: '/ip/hotspot/user', addRows: (s) => nonDynamic(s.hotspot.users.all()) },
  { header: '/ip hotspot walled-garden', path: '/ip/hotspot/walled-garden', addRows: (s) => nonDynamic(s.hotspot.walledGarden.all()) },
  { header: '/ip hotspot walled-garden ip', path: '/ip/hotspot/walled-garden/ip', addRows: (s) => nonDynamic(s.hotspot.walledGardenIp.all()) },
  {
    header: '/interface',
    path: '/interface',
    setRows: (s, f) =>
      s.interfaces.filter((r) => !!r['default-name']).map((row) => ({ target: `[ find default-name=${row['default-name']} ]`, row, factory: f.interfaces.find('default-name', row['default-name']) })),
  },
  {
    header: '/ip service',
    path: '/ip/service',
    setRows: (s, f) => s.services.all().map((row) => ({ target: row.name, row, factory: f.services.find('name', row.name) })),
  },
];

/** A value as RouterOS writes it in a script: bare when safe, else quoted with `\` escapes. */
function scriptValue(value: string): string {
  if (/^[A-Za-z0-9._:,/@+*%!^~-]+$/.test(value)) return value;
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\' || ch === '$' || ch === '?') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code >= 0x7f) out += `\\${(code & 0xff).toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const exportValue = (v: string): string => (v === 'true' ? 'yes' : v === 'false' ? 'no' : v);

/** The `k=v` words of a row: the menu's settable fields, defaults and empty values left out. */
function rowWords(row: Row, crud: CrudSpec, showSensitive: boolean, factory?: Row): string[] {
  const words: string[] = [];
  for (const [name, field] of Object.entries(crud.fields)) {
    if (field.hidden || (field.sensitive && !showSensitive)) continue;
    const value = row[name];
    if (factory) {
      if ((value ?? '') === (factory[name] ?? '')) continue;
      words.push(`${name}=${scriptValue(exportValue(value ?? ''))}`);
      continue;
    }
    if (value === undefined || value === '') continue;
    if (name !== 'name' && crud.defaults?.[name] === value) continue;
    words.push(`${name}=${scriptValue(exportValue(value))}`);
  }
  return words;
}

/** Joins words into lines of at most ~80 characters, continued with ` \` as RouterOS does. */
function wrap(words: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line === '') line = w;
    else if (line.length + 1 + w.length > 78) {
      lines.push(`${line} \\`);
      line = `    ${w}`;
    } else line += ` ${w}`;
  }
  if (line) lines.push(line);
  return lines;
}

function header(state: RouterState): string[] {
  const d = state.clock.nowDate().toISOString();
  const version = state.profile.versionString.split(' ')[0];
  const month = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][Number(d.slice(5, 7)) - 1];
  const date = state.profile.logTimeStyle === 'v7' ? `${d.slice(0, 10)} ${d.slice(11, 19)}` : `${month}/${d.slice(8, 10)}/${d.slice(0, 4)} ${d.slice(11, 19)}`;
  return [`# ${date} by RouterOS ${version}`, `# software id = ${softwareId(state.serialNumber)}`, '#', '# model = RBD52G-5HacD2HnD', `# serial number = ${state.serialNumber}`];
}

function softwareId(serial: string): string {
  let h = 0;
  for (const ch of serial) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const s = h.toString(36).toUpperCase().padStart(8, '0').slice(-8);
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** The `/export` text of the router's configuration (passwords only when `showSensitive`). */
export function exportConfig(state: RouterState, menus: MenuRegistry, options: { showSensitive: boolean }): string {
  const factory = new RouterState({ profile: state.profile, blank: true, serialNumber: state.serialNumber });
  const out = header(state);
  for (const section of SECTIONS) {
    const crud = menus.crudSpec(section.path);
    if (!crud) continue;
    const lines: string[] = [];
    for (const { target, row, factory: f } of section.setRows?.(state, factory) ?? []) {
      const words = rowWords(row, crud, options.showSensitive, f ?? {});
      if (words.length) lines.push(...wrap(['set', target, ...words]));
    }
    for (const row of section.addRows?.(state) ?? []) lines.push(...wrap(['add', ...rowWords(row, crud, options.showSensitive)]));
    if (lines.length) out.push(section.header, ...lines);
  }
  if (state.identity !== factory.identity) out.push('/system identity', `set name=${scriptValue(state.identity)}`);
  return `${out.join('\n')}\n`;
}

// ---- import ----

const VERBS = new Set(['add', 'set', 'remove', 'enable', 'disable', 'unset']);

interface Logical {
  line: number;
  text: string;
}

/** Physical lines joined where one ends with `\` (outside a quoted string), with its first line number. */
function logicalLines(text: string): Logical[] {
  const physical = text.split(/\r?\n/);
  const out: Logical[] = [];
  let pending: Logical | null = null;
  for (let i = 0; i < physical.length; i++) {
    const joined: Logical = pending ? { line: pending.line, text: pending.text + physical[i].replace(/^\s+/, '') } : { line: i + 1, text: physical[i] };
    pending = null;
    if (joined.text.endsWith('\\') && !endsInsideEscape(joined.text)) pending = { line: joined.line, text: joined.text.slice(0, -1) };
    else out.push(joined);
  }
  if (pending) out.push(pending);
  return out;
}

/** true when the final `\` escapes something inside a quoted string (`"a\\`) rather than continuing the line */
function endsInsideEscape(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '\\' && quoted) i++;
    else if (text[i] === '"') quoted = !quoted;
  }
  return quoted;
}

class ScriptSyntaxError extends Error {}

type Token = { kind: 'word'; value: string } | { kind: 'attr'; key: string; value: string } | { kind: 'find'; where: Array<[string, string]> };

/** Splits one command into words, `k=v` (quoted values unescaped) and `[ find k=v ... ]`. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const readValue = (): string => {
    if (text[i] !== '"') {
      const start = i;
      while (i < text.length && !/[\s\]]/.test(text[i])) i++;
      return text.slice(start, i);
    }
    i++;
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] !== '\\') {
        out += text[i++];
        continue;
      }
      const next = text.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(next)) {
        out += String.fromCharCode(parseInt(next, 16));
        i += 3;
        continue;
      }
      const esc = text[i + 1];
      out += esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 't' ? '\t' : esc === '_' ? ' ' : (esc ?? '');
      i += 2;
    }
    if (text[i] !== '"') throw new ScriptSyntaxError('unterminated string');
    i++;
    return out;
  };
  const readWord = (): string => {
    const start = i;
    while (i < text.length && !/[\s=\]]/.test(text[i])) i++;
    return text.slice(start, i);
  };
  for (skipSpace(); i < text.length; skipSpace()) {
    if (text[i] === '[') {
      i++;
      skipSpace();
      if (readWord() !== 'find') throw new ScriptSyntaxError('only [ find ... ] is supported by the simulator');
      const where: Array<[string, string]> = [];
      for (skipSpace(); text[i] !== ']'; skipSpace()) {
        if (i >= text.length) throw new ScriptSyntaxError('missing ]');
        const key = readWord();
        if (text[i] !== '=' || !key) throw new ScriptSyntaxError(`expected k=v in find near ${JSON.stringify(text.slice(i, i + 10))}`);
        i++;
        where.push([key, readValue()]);
      }
      i++;
      tokens.push({ kind: 'find', where });
      continue;
    }
    if (text[i] === '"') {
      tokens.push({ kind: 'word', value: readValue() });
      continue;
    }
    const word = readWord();
    if (!word) throw new ScriptSyntaxError(`unexpected ${JSON.stringify(text[i])}`);
    if (text[i] === '=') {
      i++;
      tokens.push({ kind: 'attr', key: word, value: readValue() });
    } else tokens.push({ kind: 'word', value: word });
  }
  return tokens;
}

const findValue = (v: string): string => (v === 'yes' ? 'true' : v === 'no' ? 'false' : v);

function hasPolicies(ctx: CommandContext, spec: CommandSpec): boolean {
  return (typeof spec.policy === 'string' ? [spec.policy] : spec.policy).every((p) => ctx.user.policies.has(p));
}

/**
 * Runs `text` as `/import` does: command by command, stopping at the first error, which is
 * reported as `<error> (line <n>)` with everything before line n left applied.
 */
export function importScript(text: string, ctx: CommandContext, menus: MenuRegistry): void {
  let menu = '';
  for (const { line, text: raw } of logicalLines(text)) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    try {
      let tokens = tokenize(trimmed);
      if (trimmed.startsWith('/')) {
        const first = tokens[0];
        if (first.kind !== 'word') throw new ScriptSyntaxError('bad menu');
        const segments = first.value.split('/').filter(Boolean);
        let k = 1;
        while (k < tokens.length && tokens[k].kind === 'word' && !VERBS.has((tokens[k] as { value: string }).value)) {
          segments.push((tokens[k] as { value: string }).value);
          k++;
        }
        menu = `/${segments.join('/')}`;
        tokens = tokens.slice(k);
        if (tokens.length === 0) {
          // a menu line: the directory must exist
          menus.resolve(`${menu}/print`);
          continue;
        }
      }
      runCommand(menu, tokens, ctx, menus);
    } catch (err) {
      if (err instanceof ScriptSyntaxError) throw new TrapError(`syntax error: ${err.message} (line ${line})`);
      if (err instanceof TrapError) throw new TrapError(`${err.traps[0].message} (line ${line})`);
      throw err;
    }
  }
}

function runCommand(menu: string, tokens: Token[], ctx: CommandContext, menus: MenuRegistry): void {
  const verb = tokens[0];
  if (verb?.kind !== 'word' || !VERBS.has(verb.value)) {
    throw new ScriptSyntaxError(verb?.kind === 'word' && verb.value.startsWith(':') ? `${verb.value} is not supported by the simulator` : 'expected a command (add, set, remove, enable, disable)');
  }
  const path = `${menu}/${verb.value}`;
  const spec = menus.resolve(path);
  if (!hasPolicies(ctx, spec)) throw new TrapError('not enough permissions (9)');
  const attrs = new Map<string, string>();
  const targets: string[] = [];
  let hadFind = false;
  for (const t of tokens.slice(1)) {
    if (t.kind === 'attr') attrs.set(t.key, t.value);
    else if (t.kind === 'word') targets.push(t.value);
    else {
      hadFind = true;
      const print = menus.resolve(`${menu}/print`).handler({ path: `${menu}/print`, attrs: new Map([['.proplist', '.id']]), queries: t.where.map(([k, v]) => `?${k}=${findValue(v)}`) }, ctx);
      if (print instanceof Promise) throw new TrapError('failure: not supported by the simulator');
      targets.push(...print.rows.map((r) => r['.id']));
    }
  }
  // `set [ find … ]` matching nothing changes nothing, as on RouterOS
  if (hadFind && targets.length === 0) return;
  if (targets.length) attrs.set('numbers', targets.join(','));
  const req: CommandRequest = { path, attrs, queries: [] };
  const reply: CommandReply | Promise<CommandReply> = spec.handler(req, ctx);
  if (reply instanceof Promise) throw new TrapError('failure: not supported by the simulator');
}
