import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parseStkCallback, StkCallbackSuccess } from '@wavu/daraja';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { PaymentsRepository, PushAndPayment } from './payments.repository';
import { Applied, needsQuery, SettlementService } from './settlement.service';
import { WebhookLogsRepository } from './webhook-logs.repository';

/** An STK callback that passed the secret check, with the push and payment that check read. */
export interface StkCallbackIn {
  providerId: string;
  body: Record<string, unknown>;
  sourceIp: string | null;
  externalId: string | null;
  /** Date.now() on arrival */
  started: number;
  push: PushAndPayment | null;
}

/** The most callbacks one group settles: a few hundred milliseconds of a Friday-evening peak. */
const MAX_GROUP = 64;

interface Waiting {
  callback: StkCallbackIn;
  parsed: StkCallbackSuccess;
  /** acknowledged: its log row exists */
  done: () => void;
  /** not even logged: the request fails, so Daraja sends it again */
  failed: (error: unknown) => void;
}

/**
 * The paid-callback path, grouped (docs/mpesa.md "The paid-callback path"). An ordinary success
 * (a known push, not paid yet, receipt and amount given, no STK Query needed first) waits for the
 * group being written to commit, then joins the next: one transaction per group, one statement per
 * kind of write for all its callbacks (raw logs; pushes and payments locked; vouchers locked and
 * sold; provisioning outbox and desired state; payments, ledger, pushes and log outcomes; texts).
 * Each callback is acknowledged after its group committed, as it would be alone. Anything else
 * (a failure, no receipt, an unknown CheckoutRequestID, platform collection, an expired push) and
 * every callback of a group that could not commit goes the way of a single callback: its raw log
 * committed first, then applied on its own (SettlementService.processStkLog).
 */
@Injectable()
export class StkCallbackGroups implements OnModuleDestroy {
  private readonly logger = new Logger(StkCallbackGroups.name);
  private readonly waiting: Waiting[] = [];
  private writing = false;
  /** The groups' own connection, held between groups (taken again after a failure; given back on shutdown). */
  private runner: QueryRunner | null = null;

  constructor(
    private readonly repo: PaymentsRepository,
    private readonly webhookLogs: WebhookLogsRepository,
    private readonly settlement: SettlementService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Applies the callback; resolves once it is applied and its outcome is on its log row. */
  apply(callback: StkCallbackIn): Promise<void> {
    const parsed = groupable(callback);
    if (!parsed) return this.alone(callback);
    return new Promise((done, failed) => {
      this.waiting.push({ callback, parsed, done, failed });
      if (!this.writing) void this.writeGroups();
    });
  }

  /** A callback on its own: the raw log committed, then applied (failures are kept for the reconciliation job). */
  private async alone(c: StkCallbackIn): Promise<void> {
    const logId = await this.webhookLogs.insertWebhookLog({ providerId: c.providerId, kind: 'stk', body: c.body, sourceIp: c.sourceIp, externalId: c.externalId });
    const applied = await this.settlement.processStkLog(logId, c.providerId, c.body, c.started, c.push);
    if (applied.outcome === 'flagged') this.logger.warn({ logId, detail: applied.detail }, 'STK callback flagged');
  }

  /**
   * Writes groups, one at a time, until nobody waits (measured: a second writer only makes the
   * groups smaller and each callback dearer). A push is in a group once: a second callback for it
   * waits for the next group, which sees the first one's outcome.
   */
  private async writeGroups(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group: Waiting[] = [];
        const pushes = new Set<string>();
        for (let i = 0; i < this.waiting.length && group.length < MAX_GROUP;) {
          const key = pushKey(this.waiting[i].callback.providerId, this.waiting[i].parsed.checkoutRequestId);
          if (pushes.has(key)) {
            i++;
            continue;
          }
          pushes.add(key);
          group.push(...this.waiting.splice(i, 1));
        }
        await this.writeGroup(group);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeGroup(group: Waiting[]): Promise<void> {
    let written: { logIds: string[]; applied: Applied[] };
    try {
      written = await this.inOwnTransaction((manager) => this.settle(manager, group));
    } catch (error) {
      // nothing of the group was written: each callback on its own, as it would have gone without groups
      this.logger.warn({ err: error, callbacks: group.length }, 'STK callback group not written; its callbacks are applied one by one');
      for (const w of group) this.alone(w.callback).then(w.done, w.failed);
      return;
    }
    await Promise.all(
      group.map(async (w, i) => {
        const applied = written.applied[i];
        const c = w.callback;
        try {
          if (applied.logged) this.webhookLogs.countOutcome('stk', applied.outcome, applied.logged.pushedAt);
          else await this.webhookLogs.finishWebhookLog(written.logIds[i], applied.outcome, applied.detail, Date.now() - c.started, c.body);
          if (applied.outcome === 'flagged') this.logger.warn({ logId: written.logIds[i], detail: applied.detail }, 'STK callback flagged');
        } catch (err) {
          this.logger.error({ err, logId: written.logIds[i] }, 'STK callback outcome not recorded (the reconciliation job replays its log)');
        } finally {
          w.done();
        }
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (runner && !runner.isReleased) await runner.release().catch(() => undefined);
  }

  /**
   * A group's transaction on the groups' own connection: the group every waiting callback depends
   * on never queues for a pooled connection behind the reads of the callbacks arriving meanwhile
   * (under a burst, hundreds of them).
   */
  private async inOwnTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.runner || this.runner.isReleased) {
      this.runner = this.dataSource.createQueryRunner();
      await this.runner.connect();
    }
    const runner = this.runner;
    await runner.startTransaction();
    try {
      const out = await work(runner.manager);
      await runner.commitTransaction();
      return out;
    } catch (error) {
      try {
        await runner.rollbackTransaction();
      } catch {
        await runner.release().catch(() => undefined);
        this.runner = null;
      }
      throw error;
    }
  }

  /** The group's raw logs, its pushes and payments locked, each result decided and the sales settled together. */
  private async settle(manager: EntityManager, group: Waiting[]): Promise<{ logIds: string[]; applied: Applied[] }> {
    const logIds = await this.webhookLogs.insertWebhookLogs(
      group.map(({ callback: c }) => ({ providerId: c.providerId, kind: 'stk', body: c.body, sourceIp: c.sourceIp, externalId: c.externalId })),
      manager,
    );
    const locked = await this.repo.lockPushesAndPayments(
      manager,
      group.map((w) => ({ providerId: w.callback.providerId, checkoutRequestId: w.parsed.checkoutRequestId, receipt: w.parsed.receipt })),
    );
    const byPush = new Map(locked.map((l) => [pushKey(l.stk.providerId, l.stk.checkoutRequestId!), l]));
    const found = group.flatMap((w, i) => {
      const l = byPush.get(pushKey(w.callback.providerId, w.parsed.checkoutRequestId));
      return l ? [{ i, l }] : [];
    });
    const results = await this.settlement.applyStks(
      manager,
      found.map(({ i, l }) => {
        const { callback: c, parsed } = group[i];
        return {
          stk: l.stk,
          result: { kind: 'success', receipt: parsed.receipt, amount: parsed.amount, via: 'callback' },
          locked: { payment: l.payment, receiptOwner: l.receiptOwner, log: { id: logIds[i], body: c.body, started: c.started, push: c.push } },
        };
      }),
    );
    const applied: Applied[] = group.map(() => ({ outcome: 'ignored', detail: 'unknown CheckoutRequestID' }));
    found.forEach(({ i }, k) => (applied[i] = results[k]));
    return { logIds, applied };
  }
}

const pushKey = (providerId: string, checkoutRequestId: string): string => `${providerId}:${checkoutRequestId}`;

/** An ordinary success that can be settled in a group: its push known and open, receipt and amount given, no STK Query needed first. */
function groupable(c: StkCallbackIn): StkCallbackSuccess | null {
  const parsed = parseStkCallback(c.body);
  if (!c.push || parsed.kind !== 'success' || !parsed.receipt || parsed.amount === null || parsed.checkoutRequestId !== c.push.stk.checkoutRequestId) return null;
  return c.push.stk.status !== 'paid' && !needsQuery(c.push) ? parsed : null;
}
