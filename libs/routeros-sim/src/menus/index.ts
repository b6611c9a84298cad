import { ipAddress } from './address';
import { hotspotActive, hotspotCookies, hotspotHosts, hotspotServerProfiles, hotspotServers, hotspotUserProfiles, hotspotUsers, walledGarden, walledGardenIp } from './hotspot';
import { backupMenus } from './backup';
import { bridges, interfaces, ipPools, log } from './interface';
import { ipService, systemIdentity, systemResource, systemRouterboard } from './system';
import type { CrudSpec } from './crud';
import type { CommandSpec, MenuDefinition } from './types';
import { TRAP, TrapError } from './types';
import { systemUsers, userGroups } from './users';

export * from './types';
export { crudMenu } from './crud';
export { ipAddresses } from './address';
export type { CrudSpec, FieldSpec, FieldType } from './crud';

export const DEFAULT_MENUS: MenuDefinition[] = [
  systemResource,
  systemIdentity,
  systemRouterboard,
  ipService,
  hotspotServers,
  hotspotServerProfiles,
  hotspotUsers,
  hotspotUserProfiles,
  hotspotActive,
  hotspotHosts,
  hotspotCookies,
  walledGarden,
  walledGardenIp,
  systemUsers,
  userGroups,
  interfaces,
  bridges,
  ipPools,
  ipAddress,
  log,
  ...backupMenus,
];

/**
 * Maps command paths to handlers. Unknown directories answer the two traps real routers send
 * (`no such command or directory (x)`, `no such command prefix`); an unknown command in an
 * existing menu answers `no such command` (docs/routeros.md §1.10).
 */
export class MenuRegistry {
  private readonly menus = new Map<string, MenuDefinition>();
  private readonly directories = new Set<string>(['']);

  constructor(menus: MenuDefinition[] = DEFAULT_MENUS) {
    for (const m of menus) this.register(m);
  }

  register(menu: MenuDefinition): void {
    this.menus.set(menu.path, menu);
    const parts = menu.path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) this.directories.add('/' + parts.slice(0, i).join('/'));
  }

  /** The fields and defaults of a crudMenu (what `/export` writes for it). */
  crudSpec(path: string): CrudSpec | undefined {
    return this.menus.get(path)?.crud;
  }

  resolve(path: string): CommandSpec {
    const parts = path.split('/').filter(Boolean);
    const command = parts.pop() ?? '';
    let dir = '';
    for (const segment of parts) {
      const next = `${dir}/${segment}`;
      if (!this.directories.has(next)) {
        throw new TrapError([{ message: TRAP.noSuchDirectory(segment), category: 0 }, { message: TRAP.noSuchCommandPrefix }]);
      }
      dir = next;
    }
    const spec = this.menus.get(dir)?.commands[command];
    if (spec) return spec;
    if (this.directories.has(`${dir}/${command}`)) throw new TrapError(TRAP.noSuchCommand);
    // the root holds only commands (`/export`, `/import`, `/execute`): anything else there is an unknown directory
    if (!this.menus.has(dir) || dir === '') {
      throw new TrapError([{ message: TRAP.noSuchDirectory(command), category: 0 }, { message: TRAP.noSuchCommandPrefix }]);
    }
    throw new TrapError(TRAP.noSuchCommand);
  }
}
