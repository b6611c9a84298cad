import type { RouterState } from '../state/router-state';
import type { Row, Table } from '../state/table';
import { formatDuration, parseBoolean, parseBytes, parseDuration } from '../values';
import { printRows } from './print';
import type { CommandContext, CommandReply, CommandRequest, CommandSpec, MenuDefinition } from './types';
import { TRAP, TrapError } from './types';

export type FieldType = 'string' | 'duration' | 'duration-or-none' | 'bytes' | 'bool' | 'int' | 'ref';

export interface FieldSpec {
  type?: FieldType;
  /** for `ref`: the table whose `name` values are accepted (unambiguous prefixes allowed) */
  ref?: (state: RouterState) => Table;
  /** hidden from users whose group lacks the `sensitive` policy */
  sensitive?: boolean;
  /** never printed (e.g. `/user` password) */
  hidden?: boolean;
}

export interface CrudSpec {
  path: string;
  table: (state: RouterState) => Table;
  fields: Record<string, FieldSpec>;
  /** fields stored on every add unless given */
  defaults?: Row;
  required?: string[];
  /** a field whose values must be unique, and the duplicate trap text */
  unique?: { field: string; message: string };
  /** items can be addressed by this field instead of `.id` */
  nameField?: string;
  /** the menu shows only these rows of its table (e.g. `/interface/bridge` of `/interface`) */
  filter?: (row: Row) => boolean;
  /** print-time view (computed counters etc.) */
  view?: (row: Row, state: RouterState) => Row;
  onRemove?: (row: Row, state: RouterState) => void;
  readOnly?: boolean;
  removable?: boolean;
  enableDisable?: boolean;
  extra?: Record<string, CommandSpec>;
}

const RESERVED = new Set([
  '.proplist',
  '.id',
  'numbers',
  'count-only',
  'detail',
  'stats',
  'without-paging',
  'terse',
  'value-name',
  'interval',
  'follow',
  'follow-only',
  'where',
  'brief',
  'as-value',
  'place-before',
  'copy-from',
]);

export function crudMenu(spec: CrudSpec): MenuDefinition {
  const commands: Record<string, CommandSpec> = {
    print: { policy: 'read', handler: (req, ctx) => print(spec, req, ctx) },
    getall: { policy: 'read', handler: (req, ctx) => print(spec, req, ctx) },
  };
  if (!spec.readOnly) {
    commands.add = { policy: 'write', handler: (req, ctx) => add(spec, req, ctx) };
    commands.set = { policy: 'write', handler: (req, ctx) => set(spec, req, ctx) };
    commands.unset = { policy: 'write', handler: (req, ctx) => unset(spec, req, ctx) };
  }
  if (!spec.readOnly || spec.removable) {
    commands.remove = { policy: 'write', handler: (req, ctx) => remove(spec, req, ctx) };
  }
  if (spec.enableDisable) {
    commands.enable = { policy: 'write', handler: (req, ctx) => setDisabled(spec, req, ctx, false) };
    commands.disable = { policy: 'write', handler: (req, ctx) => setDisabled(spec, req, ctx, true) };
  }
  return { path: spec.path, commands: { ...commands, ...spec.extra }, crud: spec };
}

function print(spec: CrudSpec, req: CommandRequest, ctx: CommandContext): CommandReply {
  const canSeeSensitive = ctx.user.policies.has('sensitive');
  const rows = spec
    .table(ctx.state)
    .all()
    .filter((row) => !spec.filter || spec.filter(row))
    .map((row) => {
      const view = spec.view ? spec.view(row, ctx.state) : { ...row };
      for (const [name, f] of Object.entries(spec.fields)) {
        if (f.hidden || (f.sensitive && !canSeeSensitive)) delete view[name];
      }
      return view;
    });
  return printRows(rows, req);
}

/** Ids from `=numbers=` or `=.id=` (comma lists, names where allowed). Empty list when absent. */
export function resolveIds(spec: Pick<CrudSpec, 'table' | 'nameField' | 'filter'>, req: CommandRequest, state: RouterState): string[] {
  const raw = req.attrs.get('numbers') ?? req.attrs.get('.id');
  if (raw === undefined || raw === '') return [];
  const table = spec.table(state);
  const visible = (row: Row | undefined): row is Row => row !== undefined && (!spec.filter || spec.filter(row));
  return raw.split(',').map((ref) => {
    const byId = table.get(ref);
    if (visible(byId)) return ref;
    const byName = spec.nameField ? table.find(spec.nameField, ref) : undefined;
    if (visible(byName)) return byName['.id'];
    throw new TrapError(TRAP.noSuchItem);
  });
}

function normalise(spec: CrudSpec, req: CommandRequest, state: RouterState): Row {
  const out: Row = {};
  for (const [name, value] of req.attrs) {
    if (RESERVED.has(name)) continue;
    const field = spec.fields[name];
    if (!field) throw new TrapError(TRAP.unknownParameter(name));
    out[name] = normaliseValue(name, value, field, state);
  }
  return out;
}

function normaliseValue(name: string, value: string, field: FieldSpec, state: RouterState): string {
  switch (field.type ?? 'string') {
    case 'bool': {
      const b = parseBoolean(value);
      if (b === null) throw new TrapError(TRAP.invalidValue(name, value), 1);
      return String(b);
    }
    case 'duration':
    case 'duration-or-none': {
      if (field.type === 'duration-or-none' && (value === 'none' || value === '')) return 'none';
      const s = parseDuration(value);
      if (s === null) throw new TrapError(TRAP.invalidValue(name, value), 1);
      return formatDuration(s);
    }
    case 'bytes': {
      const n = parseBytes(value);
      if (n === null) throw new TrapError(TRAP.invalidValue(name, value), 1);
      return String(n);
    }
    case 'int':
      if (!/^\d+$/.test(value)) throw new TrapError(TRAP.invalidValue(name, value), 1);
      return String(Number(value));
    case 'ref': {
      const table = field.ref?.(state);
      if (!table) return value;
      if (table.find('name', value)) return value;
      const candidates = table.all().filter((r) => r.name?.startsWith(value));
      if (candidates.length === 1 && value !== '') return candidates[0].name;
      if (candidates.length > 1 && value !== '') throw new TrapError(TRAP.ambiguous(name), 1);
      throw new TrapError(TRAP.noMatch(name), 1);
    }
    default:
      return value;
  }
}

function checkUnique(spec: CrudSpec, table: Table, fields: Row, selfId?: string): void {
  if (!spec.unique) return;
  const v = fields[spec.unique.field];
  if (v === undefined) return;
  const clash = table.find(spec.unique.field, v);
  if (clash && clash['.id'] !== selfId) throw new TrapError(spec.unique.message);
}

function add(spec: CrudSpec, req: CommandRequest, ctx: CommandContext): CommandReply {
  const fields = normalise(spec, req, ctx.state);
  for (const r of spec.required ?? []) {
    if (fields[r] === undefined || fields[r] === '') throw new TrapError(TRAP.missingValue(r), 1);
  }
  const table = spec.table(ctx.state);
  checkUnique(spec, table, fields);
  const id = table.add({ ...fields, ...withoutKeys(spec.defaults ?? {}, fields) });
  return { rows: [], ret: id };
}

function set(spec: CrudSpec, req: CommandRequest, ctx: CommandContext): CommandReply {
  const ids = resolveIds(spec, req, ctx.state);
  const fields = normalise(spec, req, ctx.state);
  const table = spec.table(ctx.state);
  for (const id of ids) {
    checkUnique(spec, table, fields, id);
    table.update(id, fields);
  }
  return { rows: [] };
}

function unset(spec: CrudSpec, req: CommandRequest, ctx: CommandContext): CommandReply {
  const ids = resolveIds(spec, req, ctx.state);
  const name = req.attrs.get('value-name') ?? '';
  if (!spec.fields[name]) throw new TrapError(TRAP.unknownParameter(name));
  const table = spec.table(ctx.state);
  for (const id of ids) table.unset(id, name);
  return { rows: [] };
}

function remove(spec: CrudSpec, req: CommandRequest, ctx: CommandContext): CommandReply {
  // query words on remove are ignored and no ids means nothing happens (docs/routeros.md §1.7)
  const ids = resolveIds(spec, req, ctx.state);
  const table = spec.table(ctx.state);
  for (const id of ids) {
    const row = table.get(id);
    if (!row) continue;
    if (spec.onRemove) spec.onRemove(row, ctx.state);
    else table.remove(id);
  }
  return { rows: [] };
}

function setDisabled(spec: CrudSpec, req: CommandRequest, ctx: CommandContext, disabled: boolean): CommandReply {
  const table = spec.table(ctx.state);
  for (const id of resolveIds(spec, req, ctx.state)) table.update(id, { disabled: String(disabled) });
  return { rows: [] };
}

function withoutKeys(defaults: Row, given: Row): Row {
  return Object.fromEntries(Object.entries(defaults).filter(([k]) => !(k in given)));
}
