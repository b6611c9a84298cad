import type { CommandOptions, RawRow, RouterConnection } from './connection';
import type { PrintOptions } from './commands';
import { MenuCommands } from './commands';
import { tryParseDuration } from './formats';

const int = (v: string | undefined): number => (v && /^\d+$/.test(v) ? Number(v) : 0);

export interface SystemResource {
  uptimeSeconds: number;
  version: string;
  boardName?: string;
  architecture?: string;
  cpuLoad: number;
  freeMemory: number;
  totalMemory: number;
  raw: RawRow;
}

export interface RouterboardInfo {
  routerboard: boolean;
  model?: string;
  serialNumber?: string;
  currentFirmware?: string;
  raw: RawRow;
}

export interface InterfaceInfo {
  id: string;
  name: string;
  type: string;
  running: boolean;
  disabled: boolean;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  raw: RawRow;
}

export interface LogEntry {
  id: string;
  time: string;
  topics: string[];
  message: string;
}

const yes = (v: string | undefined): boolean => v === 'true' || v === 'yes';

/** Read-only system information: resource, identity, routerboard, interfaces, log. */
export class SystemApi {
  private readonly menu: MenuCommands;

  constructor(conn: RouterConnection) {
    this.menu = new MenuCommands(conn);
  }

  async resource(options: CommandOptions = {}): Promise<SystemResource> {
    const [r = {}] = await this.menu.print('/system/resource', options);
    return {
      uptimeSeconds: tryParseDuration(r.uptime ?? '') ?? 0,
      version: r.version ?? '',
      boardName: r['board-name'],
      architecture: r['architecture-name'],
      cpuLoad: int(r['cpu-load']),
      freeMemory: int(r['free-memory']),
      totalMemory: int(r['total-memory']),
      raw: r,
    };
  }

  async identity(options: CommandOptions = {}): Promise<string> {
    const [r] = await this.menu.print('/system/identity', options);
    return r?.name ?? '';
  }

  async routerboard(options: CommandOptions = {}): Promise<RouterboardInfo> {
    const [r = {}] = await this.menu.print('/system/routerboard', options);
    return { routerboard: yes(r.routerboard), model: r.model, serialNumber: r['serial-number'], currentFirmware: r['current-firmware'], raw: r };
  }

  async interfaces(options: PrintOptions = {}): Promise<InterfaceInfo[]> {
    const rows = await this.menu.print('/interface', options);
    return rows.map((r) => ({
      id: r['.id'],
      name: r.name,
      type: r.type ?? '',
      running: yes(r.running),
      disabled: yes(r.disabled),
      rxBytes: int(r['rx-byte']),
      txBytes: int(r['tx-byte']),
      rxPackets: int(r['rx-packet']),
      txPackets: int(r['tx-packet']),
      raw: r,
    }));
  }

  /** The router's log; `limit` keeps the newest lines. */
  async log(options: PrintOptions & { limit?: number } = {}): Promise<LogEntry[]> {
    const rows = await this.menu.print('/log', options);
    const entries = rows.map((r) => ({ id: r['.id'], time: r.time, topics: (r.topics ?? '').split(',').filter(Boolean), message: r.message ?? '' }));
    return options.limit !== undefined ? entries.slice(-options.limit) : entries;
  }
}
