import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { HISTORY_RANGES, HistoryRange, RouterHistoryDto, RouterInterfaceHistoryDto, RouterLiveFiguresDto } from './dto/router-history.dto';
import { Router } from './entities/router.entity';
import { RouterGatewayError, RouterInterface } from './gateway/router-gateway';
import { HealthSample, RouterHistoryRepository } from './router-history.repository';
import { CounterReading, cpuPercent, interfaceRates, memoryUsedPercent, sessionCount } from './router-history.rates';
import { RouterTargets } from './router-targets';
import { RoutersService } from './routers.service';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Minute samples are kept this long, hourly rollups RETENTION_HOURLY_DAYS (docs/monitoring.md). */
const RETENTION_MINUTE_HOURS = 48;
const RETENTION_HOURLY_DAYS = 90;
/** Each rollup run re-rolls this many completed hours, so a missed run or a late sample is caught up. */
const ROLLUP_HOURS = 3;

const RANGE_HOURS: Record<HistoryRange, number> = { '6h': 6, '24h': 24, '48h': 48, '7d': 7 * 24, '30d': 30 * 24, '90d': 90 * 24 };

const floorTo = (at: Date, ms: number) => new Date(Math.floor(at.getTime() / ms) * ms);

/**
 * Router history (docs/monitoring.md): what the minute monitoring run records per router (CPU,
 * memory, active sessions, interface traffic rates), the hourly rollup and retention, the chart
 * data of the router page, and the on-demand live figures.
 */
@Injectable()
export class RouterHistoryService {
  private readonly logger = new Logger(RouterHistoryService.name);

  constructor(
    private readonly history: RouterHistoryRepository,
    private readonly targets: RouterTargets,
    private readonly service: RoutersService,
    private readonly clock: Clock,
  ) {}

  /** The health figures of a router as last observed, validated for storage. */
  private healthOf(router: Router): HealthSample {
    return { cpuLoad: cpuPercent(router.cpuLoad), memoryUsedPercent: memoryUsedPercent(router.freeMemory, router.totalMemory), activeSessions: sessionCount(router.activeSessions) };
  }

  /** The router's interfaces, or null when they could not be read (the sample keeps its health figures). */
  private async readInterfaces(router: Router): Promise<RouterInterface[] | null> {
    try {
      const list = await this.targets.gateway.interfaces(this.targets.target(router));
      return Array.isArray(list) ? list : null;
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      this.logger.debug({ routerId: router.id, err: err.message }, 'history: interfaces not read');
      return null;
    }
  }

  /**
   * Records this minute for a router the monitoring run just found online (`router` carries the
   * health it read): one more call to the router, for its interface counters.
   */
  async sample(router: Router): Promise<void> {
    const now = this.clock.now();
    const previous = await this.history.counters(router.id);
    const interfaces = await this.readInterfaces(router);
    const { rates, counters } = interfaces ? interfaceRates(previous, interfaces, now) : { rates: [], counters: previous };
    await this.history.record(router.id, floorTo(now, MINUTE), this.healthOf(router), rates, counters);
  }

  async chart(providerId: string, routerId: string, range: HistoryRange = '24h'): Promise<RouterHistoryDto> {
    if (!HISTORY_RANGES.includes(range)) range = '24h';
    await this.service.requireRouter(providerId, routerId);
    const hours = RANGE_HOURS[range];
    const resolution = hours <= RETENTION_MINUTE_HOURS ? 'minute' : 'hour';
    const step = resolution === 'minute' ? MINUTE : HOUR;
    const to = new Date(floorTo(this.clock.now(), step).getTime() + step);
    const from = new Date(to.getTime() - hours * HOUR);
    const [health, traffic] = await Promise.all([this.history.health(routerId, resolution, from, to), this.history.traffic(routerId, resolution, from, to)]);
    const sum = (values: number[]) => values.reduce((n, v) => n + v, 0) * (step / 1000);
    const interfaces: RouterInterfaceHistoryDto[] = traffic
      .map((t) => ({ ...t, totalRxBits: sum(t.rxBps), totalTxBits: sum(t.txBps) }))
      .sort((a, b) => b.totalRxBits + b.totalTxBits - (a.totalRxBits + a.totalTxBits) || a.name.localeCompare(b.name));
    return { range, resolution, stepSeconds: step / 1000, from, to, health, interfaces };
  }

  /**
   * Reads the router now (the monitoring check: status, CPU, memory, sessions, uptime) plus its
   * interface counters, and gives the traffic since the last monitoring reading. Nothing is added
   * to the history: the minute run stays the only writer of samples and counter bases.
   */
  async live(checked: Router): Promise<RouterLiveFiguresDto> {
    const at = this.clock.now();
    const base: RouterLiveFiguresDto = {
      at,
      status: checked.status,
      error: checked.status === 'online' ? null : checked.lastError,
      cpuLoad: null,
      memoryUsedPercent: null,
      activeSessions: null,
      uptimeSeconds: null,
      interfaces: [],
    };
    if (checked.status !== 'online') return base;
    const health = this.healthOf(checked);
    const interfaces = await this.readInterfaces(checked);
    const previous = interfaces ? await this.history.counters(checked.id) : new Map<string, CounterReading>();
    const rates = interfaces ? interfaceRates(previous, interfaces, at).rates : [];
    const uptime = checked.uptimeSeconds;
    return { ...base, ...health, uptimeSeconds: typeof uptime === 'number' && uptime >= 0 ? uptime : null, interfaces: rates };
  }

  /**
   * The hourly job: rolls the last ROLLUP_HOURS completed hours up (idempotent), then deletes
   * minute rows older than RETENTION_MINUTE_HOURS and hourly rows older than RETENTION_HOURLY_DAYS.
   */
  async rollupAndPurge(now = this.clock.now()): Promise<{ hoursRolled: number; minuteRowsDeleted: number; hourlyRowsDeleted: number }> {
    const thisHour = floorTo(now, HOUR);
    for (let h = ROLLUP_HOURS; h >= 1; h--) await this.history.rollupHour(new Date(thisHour.getTime() - h * HOUR));
    const minuteBefore = new Date(now.getTime() - RETENTION_MINUTE_HOURS * HOUR);
    const hourlyBefore = new Date(thisHour.getTime() - RETENTION_HOURLY_DAYS * 24 * HOUR);
    const minuteRowsDeleted = (await this.history.deleteOlder('router_samples', minuteBefore)) + (await this.history.deleteOlder('router_interface_samples', minuteBefore));
    const hourlyRowsDeleted = (await this.history.deleteOlder('router_samples_hourly', hourlyBefore)) + (await this.history.deleteOlder('router_interface_samples_hourly', hourlyBefore));
    return { hoursRolled: ROLLUP_HOURS, minuteRowsDeleted, hourlyRowsDeleted };
  }
}
