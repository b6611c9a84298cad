import { SimClock } from '../clock';
import type { VersionProfile } from '../profiles';
import { FileStore } from './files';
import { HotspotState } from './hotspot';
import { RouterLog } from './log';
import type { Row } from './table';
import { Table } from './table';

export interface RouterStateOptions {
  profile: VersionProfile;
  clock?: SimClock;
  identity?: string;
  /** the admin account created at boot */
  adminUser?: string;
  adminPassword?: string;
  boardName?: string;
  serialNumber?: string;
  /**
   * A router with nothing set up beyond the defaults: no hotspot bridge, address pool, server
   * profile or server (what `/import` of another router's export expects to start from).
   */
  blank?: boolean;
}

export const ALL_POLICIES = ['local', 'telnet', 'ssh', 'ftp', 'reboot', 'read', 'write', 'policy', 'test', 'winbox', 'password', 'web', 'sniff', 'sensitive', 'api', 'romon', 'rest-api'];

export interface SystemUserInfo {
  name: string;
  group: string;
  policies: ReadonlySet<string>;
}

/**
 * Everything a simulated router knows, independent of any transport: the API server
 * (server.ts) and later a hotspot HTTP front-end both work on this object.
 */
export class RouterState {
  readonly clock: SimClock;
  readonly profile: VersionProfile;
  bootedAt: number;
  readonly log: RouterLog;
  readonly hotspot: HotspotState;
  readonly systemUsers = new Table(1);
  readonly groups = new Table(1);
  readonly interfaces = new Table(1);
  readonly services = new Table(0);
  readonly pools = new Table(1);
  readonly files: FileStore;
  identity: string;
  readonly boardName: string;
  readonly serialNumber: string;

  constructor(opts: RouterStateOptions) {
    this.profile = opts.profile;
    this.clock = opts.clock ?? new SimClock();
    this.bootedAt = this.clock.now();
    this.identity = opts.identity ?? 'MikroTik';
    this.boardName = opts.boardName ?? 'hAP ac^2';
    this.serialNumber = opts.serialNumber ?? 'HCT08ABCDEF';
    this.log = new RouterLog(this.clock, this.profile);
    this.hotspot = new HotspotState(this.clock, this.log, { blank: opts.blank });
    this.files = new FileStore(this.clock, this.profile);
    if (!opts.blank) this.pools.add({ name: 'hs-pool-1', ranges: '10.5.50.2-10.5.50.254' });
    this.hotspot.onTraffic = (bytesIn, bytesOut) => this.countTraffic(bytesIn, bytesOut);

    const full = ALL_POLICIES.join(',');
    const noWrite = ALL_POLICIES.filter((p) => !['write', 'policy', 'sensitive'].includes(p));
    this.groups.add({ name: 'read', policy: policyString(noWrite.filter((p) => p !== 'reboot' && p !== 'password')), skin: 'default' });
    this.groups.add({ name: 'write', policy: policyString(ALL_POLICIES.filter((p) => p !== 'policy' && p !== 'sensitive')), skin: 'default' });
    this.groups.add({ name: 'full', policy: full, skin: 'default' });
    this.systemUsers.add({ name: opts.adminUser ?? 'admin', group: 'full', password: opts.adminPassword ?? '', address: '', disabled: 'false', 'last-logged-in': '', comment: 'system default user' });

    const ifaces: Array<[string, string]> = [
      ['ether1', 'ether'],
      ['ether2', 'ether'],
      ['ether3', 'ether'],
      ['ether4', 'ether'],
      ['ether5', 'ether'],
      ['wlan1', 'wlan'],
      ...(opts.blank ? [] : [['bridge-hotspot', 'bridge'] as [string, string]]),
    ];
    ifaces.forEach(([name, type], i) => {
      this.interfaces.add({
        name,
        'default-name': type === 'bridge' ? '' : name,
        type,
        mtu: '1500',
        'actual-mtu': '1500',
        'mac-address': `48:8F:5A:00:00:${(i + 1).toString(16).padStart(2, '0').toUpperCase()}`,
        'rx-byte': '0',
        'tx-byte': '0',
        'rx-packet': '0',
        'tx-packet': '0',
        'rx-drop': '0',
        'tx-drop': '0',
        'rx-error': '0',
        'tx-error': '0',
        running: 'true',
        disabled: 'false',
      });
      if (type === 'bridge') this.interfaces.unset(this.interfaces.all()[i]['.id'], 'default-name');
    });
    for (const [name, port] of [
      ['telnet', '23'],
      ['ftp', '21'],
      ['www', '80'],
      ['ssh', '22'],
      ['www-ssl', '443'],
      ['api', '8728'],
      ['winbox', '8291'],
      ['api-ssl', '8729'],
    ]) {
      this.services.add({ name, port, address: '', disabled: 'false', invalid: 'false' });
    }
    this.log.add('system,info', 'router rebooted');
  }

  /**
   * Set by the server: takes the router down for a reboot (every API session closed, connections
   * refused for a while, then back with uptime 0). Used by `/system/backup/load`.
   */
  onRebootRequest: (() => void) | null = null;

  /** Resolves a login against `/user`: the user's group must have the `api` policy. */
  authenticate(name: string, password: string): SystemUserInfo | null {
    const user = this.systemUserInfo(name);
    const row = this.systemUsers.find('name', name);
    if (!user || !row || row.disabled === 'true' || (row.password ?? '') !== password) return null;
    return user.policies.has('api') ? user : null;
  }

  systemUserInfo(name: string): SystemUserInfo | null {
    const row = this.systemUsers.find('name', name);
    if (!row) return null;
    const group = this.groups.find('name', row.group);
    const policies = new Set((group?.policy ?? '').split(',').filter((p) => p && !p.startsWith('!')));
    return { name, group: row.group, policies };
  }

  /** Adds an API account with the given policies (creates a group `<name>-group`). */
  addApiUser(name: string, password: string, policies: string[]): void {
    const groupName = `${name}-group`;
    if (!this.groups.find('name', groupName)) this.groups.add({ name: groupName, policy: policyString(policies), skin: 'default' });
    this.systemUsers.add({ name, group: groupName, password, address: '', disabled: 'false', 'last-logged-in': '' });
  }

  /**
   * A reboot: uptime starts again and every session ends. `wipe` also loses the hotspot users
   * and profiles (a router reset to defaults, a replacement unit, or users kept only in RAM),
   * which the platform must notice and repair by itself.
   */
  reboot(options: { wipe?: boolean } = {}): void {
    this.bootedAt = this.clock.now();
    for (const row of this.hotspot.active.all()) this.hotspot.logout(row['.id'], 'router reboot');
    for (const row of this.hotspot.cookies.all()) this.hotspot.cookies.remove(row['.id']);
    if (options.wipe) {
      for (const row of this.hotspot.users.all()) this.hotspot.users.remove(row['.id']);
      for (const row of this.hotspot.userProfiles.all()) if (row.default !== 'true' && row.name !== 'default') this.hotspot.userProfiles.remove(row['.id']);
    }
    this.log.add('system,info', options.wipe ? 'router rebooted (configuration reset)' : 'router rebooted');
  }

  uptimeSeconds(): number {
    return Math.floor((this.clock.now() - this.bootedAt) / 1000);
  }

  private countTraffic(bytesIn: number, bytesOut: number): void {
    // client upload enters the hotspot bridge (rx) and leaves via the WAN (tx), and back
    for (const [name, rx, tx] of [
      ['bridge-hotspot', bytesIn, bytesOut],
      ['ether1', bytesOut, bytesIn],
    ] as const) {
      const row = this.interfaces.find('name', name);
      if (!row) continue;
      const add = (field: string, v: number): string => String(Number(row[field] ?? 0) + v);
      this.interfaces.update(row['.id'], {
        'rx-byte': add('rx-byte', rx),
        'tx-byte': add('tx-byte', tx),
        'rx-packet': add('rx-packet', Math.ceil(rx / 1000)),
        'tx-packet': add('tx-packet', Math.ceil(tx / 1000)),
      });
    }
  }
}

/** RouterOS prints every policy, the absent ones negated with `!`. */
export function policyString(granted: readonly string[]): string {
  return ALL_POLICIES.map((p) => (granted.includes(p) ? p : `!${p}`)).join(',');
}

export type { Row };
