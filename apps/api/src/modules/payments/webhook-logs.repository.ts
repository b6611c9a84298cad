import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Metrics } from '../../common/metrics/metrics';
import { PageQueryDto, Page, paginate } from '../../common/pagination/page';
import { affected } from './affected-rows';
import { preparedQuery } from '../../database/prepared';
import { WebhookKind, WebhookLog, WebhookOutcome } from './entities/webhook-log.entity';
import { mask } from './webhook-mask';
import { webhookSearchFields } from './webhook-search';

/** What the provider's webhook log viewer looks for: one exact field, and optionally a kind and an outcome. */
export interface WebhookLogFilter {
  kind?: WebhookKind;
  outcome?: WebhookOutcome;
  /** receipt or payment reference (upper case), or a CheckoutRequestID as given */
  token?: string;
  phoneHash?: string;
}

/** A callback to store: `finished` when its outcome is already known on arrival (an echo of a settled callback). */
export interface NewWebhookLog {
  providerId: string | null;
  kind: WebhookKind;
  body: unknown;
  sourceIp: string | null;
  externalId: string | null;
  platform?: boolean;
  finished?: { outcome: WebhookOutcome; detail: string; durationMs: number; paymentId: string; paymentReference: string };
}

/** Whose logs: a provider's own (routed platform logs included), or the platform shortcode's. */
export type WebhookLogScope = { providerId: string } | { platform: true; unrouted?: boolean };

/** The log of every Daraja callback: written on arrival, finished with its outcome, replayed when stuck, purged when old (docs/architecture.md rules 1 and 3). */
@Injectable()
export class WebhookLogsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /**
   * Stores a callback as it came, with its searchable fields taken out first (the body is masked
   * once handled). `finished`: an outcome already known on arrival (an echo of a settled callback),
   * stored at once with the masked body.
   */
  async insertWebhookLog(row: NewWebhookLog): Promise<string> {
    return (await this.insertWebhookLogs([row]))[0];
  }

  /** insertWebhookLog for many callbacks in one statement (in `manager`'s transaction when given); the ids in order. */
  async insertWebhookLogs(logs: NewWebhookLog[], manager?: EntityManager): Promise<string[]> {
    if (logs.length === 0) return [];
    const rows = logs.map((row) => {
      const fields = webhookSearchFields(row.kind, row.body);
      const f = row.finished;
      return {
        id: randomUUID(),
        provider_id: row.providerId,
        platform: row.platform ?? false,
        kind: row.kind,
        body: f ? mask(row.body) : row.body,
        source_ip: row.sourceIp,
        external_id: row.externalId,
        receipt: fields.receipt,
        payment_reference: fields.paymentReference ?? f?.paymentReference ?? null,
        phone_hash: fields.phoneHash,
        outcome: f?.outcome ?? null,
        detail: f?.detail ?? null,
        duration_ms: f?.durationMs ?? null,
        payment_id: f?.paymentId ?? null,
      };
    });
    await preparedQuery(
      manager ?? this.dataSource,
      `INSERT INTO webhook_logs (id, provider_id, platform, kind, body, source_ip, external_id, receipt, payment_reference, phone_hash, outcome, detail, duration_ms, processed_at, payment_id)
       SELECT x.id, x.provider_id, x.platform, x.kind, x.body, x.source_ip, x.external_id, x.receipt, x.payment_reference, x.phone_hash, COALESCE(x.outcome, 'received'), x.detail, x.duration_ms,
              CASE WHEN x.outcome IS NULL THEN NULL ELSE now() END, x.payment_id
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, provider_id uuid, platform boolean, kind varchar, body jsonb, source_ip varchar, external_id varchar, receipt varchar,
              payment_reference varchar, phone_hash varchar, outcome varchar, detail varchar, duration_ms int, payment_id uuid)`,
      [JSON.stringify(rows)],
    );
    for (const row of logs) if (row.finished) this.countOutcome(row.kind, row.finished.outcome, null);
    return rows.map((r) => r.id);
  }

  /**
   * The outcome metrics of a log finished without finishWebhookLog: inserted finished (an echo), or
   * finished in the settlement's own statement (counted once it committed). `pushedAt`: the push's
   * start, for the wait until its callback.
   */
  countOutcome(kind: WebhookKind, outcome: WebhookOutcome, pushedAt: Date | null): void {
    if (!this.metrics) return;
    this.metrics.webhooks.inc({ gateway: 'daraja', kind, outcome });
    if (pushedAt && outcome !== 'duplicate') this.metrics.stkPushToCallback.observe({ outcome }, (Date.now() - pushedAt.getTime()) / 1000);
  }

  /**
   * Records a callback's outcome. Once it is handled the stored body keeps only masked phones and
   * names (`mask`); a `failed` one stays raw until the reconciliation job replays it. The payment
   * it led to is linked (STK: by CheckoutRequestID; C2B: by shortcode + receipt), and an STK log
   * learns that purchase's payment reference. A platform log learns the provider its money was
   * routed to (`routedTo`), which then sees it in its own log.
   */
  async finishWebhookLog(id: string, outcome: WebhookOutcome, detail: string | null, durationMs: number, body: unknown, routedTo: string | null = null): Promise<void> {
    const masked = outcome === 'failed' ? null : JSON.stringify(mask(body));
    const result = await this.dataSource.query<unknown[]>(
      `WITH w AS (SELECT id, kind, COALESCE(provider_id, $6::uuid) AS provider_id, external_id, receipt, body->>'BusinessShortCode' AS shortcode FROM webhook_logs WHERE id = $1),
            p AS (SELECT COALESCE(
                    (SELECT s.payment_id FROM stk_requests s, w WHERE w.kind = 'stk' AND s.checkout_request_id = w.external_id AND s.provider_id = w.provider_id),
                    (SELECT pay.id FROM payments pay, w WHERE w.kind = 'c2b_confirmation' AND pay.shortcode = w.shortcode AND pay.receipt = w.receipt AND pay.provider_id = w.provider_id)
                  ) AS payment_id,
                  (SELECT s.created_at FROM stk_requests s, w WHERE w.kind = 'stk' AND s.checkout_request_id = w.external_id AND s.provider_id = w.provider_id) AS pushed_at)
       UPDATE webhook_logs SET outcome = $2, detail = $3, duration_ms = $4, processed_at = now(), body = COALESCE($5::jsonb, body),
              provider_id = COALESCE(webhook_logs.provider_id, $6::uuid),
              payment_id = COALESCE(webhook_logs.payment_id, p.payment_id),
              payment_reference = COALESCE(webhook_logs.payment_reference, (SELECT pay.payment_reference FROM payments pay WHERE pay.id = p.payment_id))
         FROM p WHERE webhook_logs.id = $1
       RETURNING webhook_logs.kind, extract(epoch FROM now() - p.pushed_at)::float8 AS since_push`,
      [id, outcome, detail?.slice(0, 500) ?? null, durationMs, masked, routedTo],
    );
    // metrics (docs/operations.md "Metrics and alerts"): the outcome, and for STK the wait since the push
    const [row] = (Array.isArray(result[0]) ? result[0] : result) as { kind: WebhookKind; since_push: number | null }[];
    if (row && this.metrics) {
      this.metrics.webhooks.inc({ gateway: 'daraja', kind: row.kind, outcome });
      if (row.since_push !== null && outcome !== 'duplicate') this.metrics.stkPushToCallback.observe({ outcome }, row.since_push);
    }
  }

  /**
   * One provider's webhook logs, or the platform shortcode's (the super admin; `unrouted`: only the
   * money no provider could be found for), newest first, cursor pages (docs/payments-reconciliation.md "Webhook log").
   */
  listWebhookLogs(scope: WebhookLogScope, filter: WebhookLogFilter, page: PageQueryDto): Promise<Page<WebhookLog>> {
    const qb = this.dataSource.createQueryBuilder(WebhookLog, 'w');
    if ('providerId' in scope) qb.where('w.provider_id = :providerId', { providerId: scope.providerId });
    else qb.where(scope.unrouted ? 'w.platform AND w.provider_id IS NULL' : 'w.platform');
    if (filter.kind) qb.andWhere('w.kind = :kind', { kind: filter.kind });
    if (filter.outcome) qb.andWhere('w.outcome = :outcome', { outcome: filter.outcome });
    if (filter.phoneHash) qb.andWhere('w.phone_hash = :phoneHash', { phoneHash: filter.phoneHash });
    if (filter.token) {
      // each arm has its own (provider_id, field) index: a BitmapOr of three index lookups
      qb.andWhere('(w.receipt = :upper OR w.payment_reference = :upper OR w.external_id = :token)', { upper: filter.token.toUpperCase(), token: filter.token });
    }
    return paginate(qb, page, 'createdAt');
  }

  /** STK callbacks for a checkout that were logged but not applied (arrived before the push was recorded, or crashed). */
  findUnappliedStkLogs(providerId: string, checkoutRequestId: string): Promise<WebhookLog[]> {
    return this.dataSource.manager.find(WebhookLog, {
      where: [
        { providerId, kind: 'stk', externalId: checkoutRequestId, outcome: 'ignored' },
        { providerId, kind: 'stk', externalId: checkoutRequestId, outcome: 'received' },
      ],
    });
  }

  /** Logged STK callbacks never finished (the process died mid-way). */
  findStuckStkLogs(before: Date, limit: number): Promise<WebhookLog[]> {
    return this.findStuckLogs('stk', before, limit);
  }

  /** C2B confirmations logged but never applied (crash) or failed: Daraja does not resend them. */
  findStuckC2bConfirmationLogs(before: Date, limit: number): Promise<WebhookLog[]> {
    return this.findStuckLogs('c2b_confirmation', before, limit);
  }

  private findStuckLogs(kind: 'stk' | 'c2b_confirmation', before: Date, limit: number): Promise<WebhookLog[]> {
    return this.dataSource
      .createQueryBuilder(WebhookLog, 'w')
      .where(`w.kind = :kind AND w.outcome IN ('received', 'failed') AND w.created_at < :before AND w.created_at > :since`, { kind, before, since: new Date(before.getTime() - 86_400_000) })
      .orderBy('w.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Handled logs whose body still holds a raw phone (a 2547…/2541… number, or C2B v1's SHA-256 of
   * one): rows stored before bodies were masked on processing.
   */
  findUnmaskedHandledLogs(afterId: string, limit: number): Promise<Pick<WebhookLog, 'id' | 'body'>[]> {
    return this.dataSource.query(
      `SELECT id, body FROM webhook_logs
        WHERE id > $1 AND outcome NOT IN ('received', 'failed')
          AND (body::text ~ '(^|[^0-9])254[17][0-9]{8}([^0-9]|$)' OR body->>'MSISDN' ~ '^[0-9a-fA-F]{64}$')
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  async replaceWebhookLogBody(id: string, body: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_logs SET body = $2::jsonb WHERE id = $1`, [id, JSON.stringify(body)]);
  }

  /** Deletes webhook logs older than `before`, in chunks. */
  async purgeWebhookLogs(before: Date, chunk = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = affected(await this.dataSource.query<unknown[]>(`DELETE FROM webhook_logs WHERE id IN (SELECT id FROM webhook_logs WHERE created_at < $1 LIMIT $2) RETURNING 1`, [before, chunk]));
      total += n;
      if (n < chunk) return total;
    }
  }
}
