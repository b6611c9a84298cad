import { Injectable } from '@nestjs/common';
import type { Router } from './entities/router.entity';
import type { RouterEventType } from './entities/router-event.entity';
import type { BackupFileRequest, BackupImportOutcome, RouterGateway, RouterTarget } from './gateway/router-gateway';
import { RouterGatewayError } from './gateway/router-gateway';
import { OutboxRepository } from './outbox.repository';
import { RouterTargets } from './router-targets';
import { RoutersRepository } from './routers.repository';

/** A router as the backups module sees it. */
export interface BackupRouter {
  id: string;
  providerId: string;
  name: string;
  status: Router['status'];
  /** the RouterOS version last read from the router (null before the first successful call) */
  version: string | null;
}

/**
 * Why a router file operation failed, in the backups module's terms (docs/backups.md):
 * TIMEOUT the router did not answer in time (hung), UNREACHABLE not reached, PERMISSION the API
 * user's group lacks a backup policy (an older setup kit), TOO_OLD RouterOS before 7.13,
 * FAILED anything else the router refused (its message says what).
 */
export type RouterFileErrorCode = 'TIMEOUT' | 'UNREACHABLE' | 'PERMISSION' | 'TOO_OLD' | 'FAILED';

export class RouterFileError extends Error {
  override readonly name = 'RouterFileError';
  constructor(
    readonly code: RouterFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The first RouterOS version whose files Wavu can read and write over the API (docs/backups.md). */
const BACKUP_MIN_VERSION: readonly [number, number] = [7, 13];

/** Whether a RouterOS version string (`7.14.2 (stable)`) is new enough for backups; null when unknown. */
export function versionSupportsBackups(version: string | null): boolean | null {
  const m = version ? /^(\d+)\.(\d+)/.exec(version) : null;
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > BACKUP_MIN_VERSION[0] || (major === BACKUP_MIN_VERSION[0] && minor >= BACKUP_MIN_VERSION[1]);
}

const toBackupRouter = (r: Router): BackupRouter => ({ id: r.id, providerId: r.providerId, name: r.name, status: r.status, version: r.version });

/**
 * What the router-backups module may do with a router (through the routers module's public
 * entry): look routers up, move backup files, read what the platform itself manages, and write
 * router events. Failures are recorded on the router like any other call and rejected as
 * RouterFileError.
 */
@Injectable()
export class RouterBackupAccess {
  constructor(
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
  ) {}

  async find(providerId: string, routerId: string): Promise<BackupRouter | null> {
    const router = await this.routers.findForProvider(providerId, routerId);
    return router ? toBackupRouter(router) : null;
  }

  /** Every router of every provider (the nightly schedule). */
  async listAll(): Promise<BackupRouter[]> {
    return (await this.routers.listAll()).map(toBackupRouter);
  }

  /** Reads version and uptime; the observation updates the router's status like monitoring does. */
  async probe(routerId: string): Promise<{ version: string; uptimeSeconds: number }> {
    return this.run(routerId, async (g, t, router) => {
      const health = await g.health(t);
      // the uptime is left to monitoring, which compares it with the last reading to tell a restart
      await this.targets.observe(router, 'online', { version: health.version.slice(0, 64) });
      return { version: health.version, uptimeSeconds: health.uptimeSeconds };
    });
  }

  takeFile(routerId: string, request: BackupFileRequest): Promise<Buffer> {
    return this.run(routerId, (g, t) => g.takeBackupFile(t, request));
  }

  pullFile(routerId: string, url: string, fileName: string): Promise<void> {
    return this.run(routerId, (g, t) => g.pullFile(t, url, fileName));
  }

  importFile(routerId: string, fileName: string): Promise<BackupImportOutcome> {
    return this.run(routerId, (g, t) => g.importFile(t, fileName));
  }

  loadBinary(routerId: string, fileName: string, password: string | null): Promise<void> {
    return this.run(routerId, (g, t) => g.loadBinaryBackup(t, fileName, password));
  }

  removeFile(routerId: string, fileName: string): Promise<void> {
    return this.run(routerId, (g, t) => g.removeFile(t, fileName));
  }

  /** The hotspot user and profile names the platform wants on the router (its desired state). */
  async platformNames(routerId: string): Promise<{ users: Set<string>; profiles: Set<string> }> {
    const [users, profiles] = await Promise.all([this.outbox.desiredUsers(routerId), this.outbox.desiredProfiles(routerId)]);
    return { users: new Set(users.map((u) => u.name)), profiles: new Set(profiles.map((p) => p.name)) };
  }

  addEvent(event: {
    providerId: string;
    routerId: string;
    type: Extract<RouterEventType, 'backup_failed' | 'config_changed' | 'restore'>;
    message: string;
    metadata?: Record<string, unknown>;
  }): Promise<void> {
    return this.routers.addEvent(event);
  }

  private async run<T>(routerId: string, work: (gateway: RouterGateway, target: RouterTarget, router: Router) => Promise<T>): Promise<T> {
    const router = await this.routers.findById(routerId);
    if (!router) throw new RouterFileError('FAILED', 'the router was removed from the platform');
    try {
      return await work(this.targets.gateway, this.targets.target(router), router);
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      await this.targets.recordFailure(router, err);
      throw fileError(err);
    }
  }
}

function fileError(err: RouterGatewayError): RouterFileError {
  if (err.code === 'TIMEOUT') return new RouterFileError('TIMEOUT', `the router did not answer in time: ${err.message}`);
  if (err.routerFault || err.code === 'AUTH') return new RouterFileError('UNREACHABLE', err.message);
  if (err.code === 'PERMISSION') return new RouterFileError('PERMISSION', `the router refused: ${err.message}`);
  if (err.code === 'UNKNOWN_COMMAND') return new RouterFileError('TOO_OLD', `the router does not know the command: ${err.message}`);
  return new RouterFileError('FAILED', err.message);
}
