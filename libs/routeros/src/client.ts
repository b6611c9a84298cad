import type { RouterConnectionOptions } from './connection';
import { RouterConnection } from './connection';
import { BackupApi } from './backup';
import { MenuCommands } from './commands';
import { HotspotApi } from './hotspot';
import { SystemApi } from './system';

/** Everything for one router over one reused connection. */
export class RouterOsClient {
  readonly connection: RouterConnection;
  readonly menu: MenuCommands;
  readonly hotspot: HotspotApi;
  readonly system: SystemApi;
  readonly backup: BackupApi;

  constructor(options: RouterConnectionOptions | RouterConnection) {
    this.connection = options instanceof RouterConnection ? options : new RouterConnection(options);
    this.menu = new MenuCommands(this.connection);
    this.hotspot = new HotspotApi(this.connection);
    this.system = new SystemApi(this.connection);
    this.backup = new BackupApi(this.connection);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/**
 * One client per router key (e.g. the router's database id), reused across calls. Options are
 * fixed at first use; call `evict` after a router's credentials change.
 */
export class RouterOsClientPool {
  private readonly clients = new Map<string, RouterOsClient>();

  get(key: string, options: RouterConnectionOptions): RouterOsClient {
    let client = this.clients.get(key);
    if (!client) {
      client = new RouterOsClient({ name: key, ...options });
      this.clients.set(key, client);
    }
    return client;
  }

  async evict(key: string): Promise<void> {
    const c = this.clients.get(key);
    this.clients.delete(key);
    await c?.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.close()));
  }

  get size(): number {
    return this.clients.size;
  }
}
