import type { RouterState, SystemUserInfo } from '../state/router-state';
import type { CrudSpec } from './crud';
import type { MenuRegistry } from './index';
import type { Row } from '../state/table';

/** Exact trap texts (docs/routeros.md §1.10). */
export const TRAP = {
  duplicateHotspotUser: 'failure: already have user with this name for this server',
  noSuchItem: 'no such item',
  noSuchCommand: 'no such command',
  noSuchDirectory: (segment: string) => `no such command or directory (${segment})`,
  noSuchCommandPrefix: 'no such command prefix',
  badLogin: 'invalid user name or password (6)',
  legacyBadLogin: 'cannot log in',
  notEnoughPermissions: 'not enough permissions (9)',
  notLoggedIn: 'not logged in',
  interrupted: 'interrupted',
  unknownParameter: (name: string) => `unknown parameter ${name}`,
  noMatch: (field: string) => `input does not match any value of ${field}`,
  ambiguous: (field: string) => `ambiguous value of ${field}, more than one possible value matches input`,
  missingValue: (name: string) => `missing value(s) of argument(s) ${name}`,
  invalidValue: (name: string, value: string) => `invalid value for argument ${name}: ${value}`,
} as const;

export interface Trap {
  message: string;
  category?: number;
}

/** A command failed: the session answers one `!trap` per entry, then `!done`. */
export class TrapError extends Error {
  readonly traps: Trap[];
  constructor(message: string | Trap[], category?: number) {
    const traps = typeof message === 'string' ? [{ message, category }] : message;
    super(traps.map((t) => t.message).join(', '));
    this.traps = traps;
  }
}

export interface CommandRequest {
  /** full command path, e.g. `/ip/hotspot/user/add` */
  path: string;
  /** `=name=value` attributes (insertion ordered) */
  attrs: Map<string, string>;
  /** `?…` query words in order */
  queries: string[];
}

export interface CommandContext {
  state: RouterState;
  user: SystemUserInfo;
  /** the menus, for commands that run other commands (`/import`) */
  menus?: MenuRegistry;
}

export interface CommandReply {
  rows: Row[];
  /** `=ret=` on `!done` */
  ret?: string;
  /** prints answer `!empty` on 7.18+ when there are no rows */
  isPrint?: boolean;
  /** runs once the reply has been written to the socket (e.g. the reboot after a backup load) */
  after?: () => void;
}

/** A handler answers at once, or later (e.g. `/tool/fetch` waits for its HTTP download). */
export type CommandHandler = (req: CommandRequest, ctx: CommandContext) => CommandReply | Promise<CommandReply>;

/** A `/user/group` policy (RouterState's ALL_POLICIES). */
export type Policy = 'read' | 'write' | 'ftp' | 'test' | 'sensitive' | 'reboot' | 'policy';

export interface CommandSpec {
  handler: CommandHandler;
  /** policy (or every one of the policies) the user's group needs to run it */
  policy: Policy | readonly Policy[];
}

export interface MenuDefinition {
  path: string;
  commands: Record<string, CommandSpec>;
  /** set by crudMenu: the fields and defaults `/export` writes (state/export.ts) */
  crud?: CrudSpec;
}
