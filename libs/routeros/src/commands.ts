import type { RawRow, RouterConnection, CommandOptions } from './connection';
import { RouterOsError } from './errors';
import { isSafeRouterText } from './formats';

/** Attribute values we accept from callers: strings go verbatim, numbers/booleans are formatted. */
export type AttrValue = string | number | boolean | null | undefined;

const ID_RE = /^\*[0-9A-Fa-f]+$/;

export function assertId(id: string): void {
  if (!ID_RE.test(id)) throw new TypeError(`not a RouterOS .id: ${JSON.stringify(id)} (resolve ids with a print first)`);
}

/** `{limitUptime: '1h', disabled: false}` style keys are NOT converted: pass RouterOS names. */
export function attrWords(attrs: Record<string, AttrValue>): string[] {
  const words: string[] = [];
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    const v = value === null ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
    words.push(`=${key}=${v}`);
  }
  return words;
}

export function assertAscii(field: string, value: string | undefined): void {
  if (value !== undefined && !isSafeRouterText(value)) {
    throw new TypeError(`${field} must be printable ASCII (node-routeros sends CP1252, see docs/routeros.md §1.12)`);
  }
}

export interface PrintOptions extends CommandOptions {
  /** exact-match filters, sent as `?name=value` words (ANDed) */
  where?: Record<string, string>;
  /** extra raw query words, e.g. `['?type=ether', '?type=vlan', '?#|']` */
  query?: string[];
  proplist?: string[];
}

/**
 * Menu-level primitives on a RouterConnection. Mutations take `.id`s only: nothing here
 * sends a where-based `set`/`remove` (docs/routeros.md §0.7).
 */
export class MenuCommands {
  constructor(private readonly conn: RouterConnection) {}

  async print(menu: string, options: PrintOptions = {}): Promise<RawRow[]> {
    const words = [`${menu}/print`];
    if (options.proplist?.length) words.push(`=.proplist=${options.proplist.join(',')}`);
    for (const [k, v] of Object.entries(options.where ?? {})) words.push(`?${k}=${v}`);
    words.push(...(options.query ?? []));
    const rows = await this.conn.write(words, options);
    // a print's `!done` carries no data; drop any attribute-only row node-routeros appended
    return rows.filter((r) => Object.keys(r).length > 0 && !('ret' in r && Object.keys(r).length === 1));
  }

  /** `add` → the new item's `.id` (from `=ret=`). */
  async add(menu: string, attrs: Record<string, AttrValue>, options: CommandOptions = {}): Promise<string> {
    const rows = await this.conn.write([`${menu}/add`, ...attrWords(attrs)], options);
    const ret = rows[rows.length - 1]?.ret;
    if (!ret) throw new RouterOsError('TRAP', `${menu}/add returned no id`, { router: this.conn.name, command: `${menu}/add` });
    return ret;
  }

  async setById(menu: string, id: string, attrs: Record<string, AttrValue>, options: CommandOptions = {}): Promise<void> {
    assertId(id);
    await this.conn.write([`${menu}/set`, `=.id=${id}`, ...attrWords(attrs)], options);
  }

  /** Removes the given ids (nothing is sent for an empty list). */
  async removeByIds(menu: string, ids: readonly string[], options: CommandOptions = {}): Promise<number> {
    if (ids.length === 0) return 0;
    ids.forEach(assertId);
    await this.conn.write([`${menu}/remove`, `=.id=${ids.join(',')}`], options);
    return ids.length;
  }

  async command(menu: string, command: string, attrs: Record<string, AttrValue> = {}, options: CommandOptions = {}): Promise<RawRow[]> {
    return this.conn.write([`${menu}/${command}`, ...attrWords(attrs)], options);
  }

  /** `.id`s of the items matching `where` (one filtered print with `.proplist=.id`). */
  async findIds(menu: string, where: Record<string, string>, options: CommandOptions = {}): Promise<string[]> {
    const rows = await this.print(menu, { ...options, where, proplist: ['.id'] });
    return rows.map((r) => r['.id']).filter((id): id is string => typeof id === 'string');
  }
}
