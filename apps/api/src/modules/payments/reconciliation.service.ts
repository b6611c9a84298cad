import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DARAJA_CLIENT, DarajaClient, DarajaMerchant, isDarajaError } from '@wavu/daraja';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { StkRequest } from './entities/stk-request.entity';
import { PaymentsRepository } from './payments.repository';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { PaymentSettingsService } from './payment-settings.service';
import { SettlementService } from './settlement.service';
import { DarajaWebhooksService } from './daraja-webhooks.service';
import { decideStk } from './stk-state';
import { mask } from './webhook-mask';

const BATCH = 200;

/** Delay before the next STK Query: 15 s doubling per attempt, capped at 5 min (docs/mpesa.md §6). */
function queryBackoffMs(attempts: number): number {
  return Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/**
 * The scheduled work of the payments module, as idempotent methods tests call directly with an
 * injected clock: STK reconciliation (query with backoff, soft expiry, stuck callbacks),
 * token refresh, webhook-log retention.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly repo: PaymentsRepository,
    private readonly webhookLogs: WebhookLogsRepository,
    private readonly settings: PaymentSettingsService,
    private readonly settlement: SettlementService,
    private readonly webhooks: DarajaWebhooksService,
    private readonly clock: Clock,
    @Inject(DARAJA_CLIENT) private readonly daraja: DarajaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Pushes without a callback after `queryAfterSeconds` are asked with STK Query (outside any
   * transaction); "still processing" stays pending with backoff; a final answer is applied with
   * the row locked; pushes unresolved after `expireAfterSeconds` become expired (soft).
   */
  async reconcile(
    now: Date = this.clock.now(),
  ): Promise<{ queried: number; paid: number; failed: number; pending: number; expired: number; errors: number; stuckReplayed: number; c2bReplayed: number; abandoned: number }> {
    const counts = { queried: 0, paid: 0, failed: 0, pending: 0, expired: 0, errors: 0, stuckReplayed: 0, c2bReplayed: 0, abandoned: 0 };
    const { expireAfterSeconds, giveUpAfterSeconds } = this.config.payments;
    counts.abandoned = await this.repo.failStaleInitiated(new Date(now.getTime() - 120_000));
    for (const log of await this.webhookLogs.findStuckStkLogs(new Date(now.getTime() - 30_000), BATCH)) {
      if (!log.providerId) continue;
      await this.settlement.processStkLog(log.id, log.providerId, log.body);
      counts.stuckReplayed++;
    }
    // C2B confirmations are never resent by Daraja: apply the ones a crash left unapplied
    for (const log of await this.webhookLogs.findStuckC2bConfirmationLogs(new Date(now.getTime() - 30_000), BATCH)) {
      // a platform log is routed while it is applied; a provider's log always names its provider
      if (log.platform) await this.webhooks.applyPlatformC2bConfirmationLog(log.id, log.body);
      else if (log.providerId) await this.webhooks.applyC2bConfirmationLog(log.id, log.providerId, log.body);
      else continue;
      counts.c2bReplayed++;
    }
    const due = await this.repo.findDueForQuery(now, new Date(now.getTime() - giveUpAfterSeconds * 1000), BATCH);
    // one merchant per provider and collection mode per run, not per push; a push is asked about
    // with the app it was sent through, also when the provider has switched modes since
    const merchants = new Map<string, Promise<DarajaMerchant>>();
    for (const stk of due) {
      counts.queried++;
      let answer: Awaited<ReturnType<DarajaClient['stkQuery']>> | null = null;
      try {
        const mode = (await this.repo.findPayment(stk.providerId, stk.paymentId))!.collectionMode;
        const key = `${stk.providerId}:${mode}`;
        if (!merchants.has(key)) merchants.set(key, this.settings.queryMerchant(stk.providerId, mode));
        answer = await this.daraja.stkQuery(await merchants.get(key)!, stk.checkoutRequestId!, now);
      } catch (error) {
        counts.errors++;
        this.logger.warn({ stkId: stk.id, code: isDarajaError(error) ? error.code : 'ERROR' }, 'STK query failed; will retry');
      }
      if (answer?.status === 'final') {
        const failure = answer.resultCode === '0' ? null : ({ kind: 'failure', resultCode: answer.resultCode, resultDesc: answer.resultDesc, via: 'query' } as const);
        const applied = await inTransaction(this.dataSource, async (manager) => {
          const locked = await this.repo.lockStk(manager, stk.id);
          return locked ? this.settlement.applyStk(manager, locked, failure ?? { kind: 'success', receipt: null, amount: null, via: 'query' }) : null;
        });
        if (applied?.outcome === 'processed') {
          if (!failure) counts.paid++;
          else counts.failed++;
        }
        continue;
      }
      counts.pending++;
      const expire = stk.status === 'pending' && now.getTime() - stk.createdAt.getTime() >= expireAfterSeconds * 1000;
      await inTransaction(this.dataSource, async (manager) => {
        const locked = await this.repo.lockStk(manager, stk.id);
        if (!locked || (locked.status !== 'pending' && locked.status !== 'expired')) return;
        const attempts = locked.queryAttempts + 1;
        const changes: Partial<StkRequest> = { queryAttempts: attempts, nextQueryAt: new Date(now.getTime() + queryBackoffMs(attempts)) };
        if (expire && decideStk(locked.status, 'expire').action === 'apply') {
          changes.status = 'expired';
          await this.repo.updatePayment(manager, locked.paymentId, { status: 'expired' });
          counts.expired++;
        }
        await this.repo.updateStk(manager, locked.id, changes);
      });
    }
    return counts;
  }

  /** Every 30 minutes: refresh cached Daraja tokens of recently used credential sets that expire soon. */
  async refreshTokens(): Promise<{ refreshed: number; failed: number; evicted: number }> {
    const report = await this.daraja.refreshActive();
    if (report.failed.length) this.logger.warn({ failed: report.failed.map((f) => ({ environment: f.environment, code: f.code })) }, 'Daraja token refresh failed for some credential sets');
    return { refreshed: report.refreshed, failed: report.failed.length, evicted: report.evicted };
  }

  /** Handled webhook logs stored before bodies were masked on processing get masked phones (the retention job's second step). */
  async maskHandledWebhookLogs(chunk = 1000): Promise<{ masked: number }> {
    let masked = 0;
    // one pass in id order: a number `mask` leaves alone (not under a phone key) is not met again
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await this.webhookLogs.findUnmaskedHandledLogs(after, chunk);
      for (const row of rows) await this.webhookLogs.replaceWebhookLogBody(row.id, mask(row.body));
      masked += rows.length;
      if (rows.length < chunk) return { masked };
      after = rows[rows.length - 1].id;
    }
  }

  /** Webhook logs are kept `webhookRetentionDays` (90). */
  async purgeWebhookLogs(now: Date = this.clock.now()): Promise<{ deleted: number }> {
    const before = new Date(now.getTime() - this.config.payments.webhookRetentionDays * 86_400_000);
    return { deleted: await this.webhookLogs.purgeWebhookLogs(before) };
  }
}
