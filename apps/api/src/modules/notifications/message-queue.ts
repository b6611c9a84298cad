import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { smsSegments } from '@wavu/africastalking';
import { DeliveryStatus, MessageChannel, MessageStatus, OutboundMessage, SmsAccount } from './entities/outbound-message.entity';
import type { ChannelReceipt } from './channels';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { EmailTemplateKey, EmailTemplateParams, Locale, renderEmail } from './templates';

interface MessageCommon {
  to: string;
  locale?: Locale;
  idempotencyKey: string;
  providerId?: string | null;
  sensitive?: boolean;
}

/** An e-mail from a template (rendered when queued), its parameters checked against its key. */
type NewEmail = { [K in EmailTemplateKey]: MessageCommon & { channel: 'email'; template: K; params: EmailTemplateParams[K] } }[EmailTemplateKey];

/** What a caller enqueues: an e-mail from a template, or a ready text (SMS). */
export type NewMessage =
  | NewEmail
  | (MessageCommon & {
      channel: 'sms';
      /** E.164 (`+2547…`); stored without the plus */
      to: string;
      template: string;
      text: string;
      /** the voucher whose code the text carries */
      voucherId?: string | null;
    });

/** Where a message stands, as a sender of it would put it: waiting (queued, retrying, sending), sent, or dead. */
export type SendState = 'waiting' | 'sent' | 'dead';

/** A delivery report, already parsed (docs/sms.md §3). */
export interface DeliveryUpdate {
  gatewayMessageId: string;
  outcome: DeliveryStatus;
  /** e.g. `Failed: AbsentSubscriber` */
  detail: string;
}

export interface SmsLogFilter {
  status?: MessageStatus;
  delivery?: DeliveryStatus | 'none';
  /** digits anywhere in the number */
  phoneDigits?: string;
  template?: string;
  voucherId?: string;
}

export interface SmsUsage {
  messages: number;
  segments: number;
  /** per account and currency */
  cost: Array<{ account: SmsAccount; currency: string; costMinor: number; segments: number; messages: number }>;
}

export interface QueueStats {
  /** queued, failed (waiting for a retry) and sending */
  waiting: number;
  dead: number;
  sentLastDay: number;
  oldestWaitingAt: Date | null;
  byChannel: Array<{ channel: MessageChannel; waiting: number; dead: number }>;
  recentDead: Array<{ id: string; channel: MessageChannel; recipient: string; templateKey: string; attempts: number; lastError: string | null; updatedAt: Date }>;
}

const ERASED = '[erased after sending: it carried a one-time link]';

/**
 * The outbound message queue (`outbound_messages`, docs/email.md). Callers enqueue inside their
 * own transaction, so a message exists exactly when its event committed; the sender
 * (MessageSender) claims, sends and retries.
 */
@Injectable()
export class MessageQueue {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Queues a message in the caller's transaction. A second message with the same idempotency key
   * is ignored (INSERT … ON CONFLICT DO NOTHING): returns false then.
   */
  async enqueue(manager: EntityManager, message: NewMessage): Promise<boolean> {
    return (await this.enqueueMany(manager, [message]))[0];
  }

  /** enqueue for many messages in one statement; each answer in its place (false: its key was taken, by an earlier row or one before it here). */
  async enqueueMany(manager: EntityManager, messages: NewMessage[]): Promise<boolean[]> {
    if (messages.length === 0) return [];
    const rows = messages.map((message, ord) => {
      const rendered = message.channel === 'email' ? renderEmail(message.template, message.params, message.locale) : { subject: null, text: message.text, html: null };
      return {
        ord,
        provider_id: message.providerId ?? null,
        channel: message.channel,
        recipient: message.channel === 'email' ? message.to.trim().toLowerCase() : message.to.replace(/^\+/, ''),
        template_key: message.template,
        locale: message.locale ?? 'en',
        subject: rendered.subject,
        body: rendered.text,
        html: rendered.html,
        sensitive: message.sensitive ?? false,
        idempotency_key: message.idempotencyKey.slice(0, 200),
        voucher_id: message.channel === 'sms' ? (message.voucherId ?? null) : null,
        segments: message.channel === 'sms' ? smsSegments(message.text).segments : null,
      };
    });
    // in array order (ORDER BY ord), so of two messages with one key the first is the one kept
    const inserted: Array<{ idempotency_key: string }> = await manager.query(
      `INSERT INTO outbound_messages (provider_id, channel, recipient, template_key, locale, subject, body, html, sensitive, idempotency_key, voucher_id, segments)
       SELECT x.provider_id, x.channel, x.recipient, x.template_key, x.locale, x.subject, x.body, x.html, x.sensitive, x.idempotency_key, x.voucher_id, x.segments
         FROM jsonb_to_recordset($1::jsonb) AS x(ord int, provider_id uuid, channel varchar, recipient varchar, template_key varchar, locale varchar, subject varchar, body text,
              html text, sensitive boolean, idempotency_key varchar, voucher_id uuid, segments int)
        ORDER BY x.ord
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [JSON.stringify(rows)],
    );
    const added = new Set(inserted.map((r) => r.idempotency_key));
    return rows.map((r) => added.delete(r.idempotency_key));
  }

  /**
   * Claims up to `limit` due messages of the given channels (FOR UPDATE SKIP LOCKED: concurrent
   * senders never take the same row) and marks them `sending` under a lease, committed before
   * any gateway call. A `sending` row whose lease ran out (a crashed sender) is due again.
   */
  claimDue(channels: MessageChannel[], limit: number, leaseMs: number): Promise<OutboundMessage[]> {
    if (channels.length === 0) return Promise.resolve([]);
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT id FROM outbound_messages
          WHERE channel = ANY($1::varchar[])
            AND ((status IN ('queued', 'failed') AND next_attempt_at <= now()) OR (status = 'sending' AND locked_until < now()))
          ORDER BY next_attempt_at, created_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [channels, limit],
      );
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await manager.query(`UPDATE outbound_messages SET status = 'sending', locked_until = now() + make_interval(secs => $2), updated_at = now() WHERE id = ANY($1)`, [ids, leaseMs / 1000]);
      return manager.getRepository(OutboundMessage).find({ where: { id: In(ids) }, order: { nextAttemptAt: 'ASC' } });
    });
  }

  async markSent(message: OutboundMessage, receipt: ChannelReceipt): Promise<void> {
    const gatewayId = receipt.gatewayMessageId?.slice(0, 200) ?? null;
    await this.dataSource.transaction(async (manager) => {
      // one at a time with a report for the same id (recordDelivery), so a report is never lost between the two
      if (gatewayId) await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:sms-report:${gatewayId}`]);
      await manager.query(
        `UPDATE outbound_messages SET status = 'sent', sent_at = now(), attempts = attempts + 1, locked_until = NULL, last_error = NULL, gateway_message_id = $2,
                body = CASE WHEN sensitive THEN $3 ELSE body END, html = CASE WHEN sensitive THEN NULL ELSE html END,
                sms_account = $4, cost_minor = $5, currency = $6, updated_at = now()
          WHERE id = $1`,
        [message.id, gatewayId, ERASED, receipt.sms?.account ?? null, receipt.sms?.costMinor ?? null, receipt.sms?.currency?.slice(0, 3) ?? null],
      );
      // a report that came before this answer was written (same account, and for an own account the same provider)
      if (message.channel === 'sms' && gatewayId && receipt.sms) {
        const [early]: [Array<{ outcome: DeliveryStatus; detail: string }>, number] = await manager.query(
          `DELETE FROM early_delivery_reports WHERE gateway_message_id = $1 AND sms_account = $2 AND (sms_account = 'platform' OR provider_id = $3::uuid) RETURNING outcome, detail`,
          [gatewayId, receipt.sms.account, message.providerId],
        );
        if (early.length) {
          await manager.query(`UPDATE outbound_messages SET delivery_status = $2::varchar, delivery_detail = $3, delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() END WHERE id = $1`, [
            message.id,
            early[0].outcome,
            early[0].detail,
          ]);
        }
      }
    });
  }

  /**
   * Applies a delivery report to the SMS it names, within `scope` (the account whose report URL
   * it came to). A final outcome is never replaced by an in-transit one arriving late. A report
   * for an id not (yet) recorded is kept for a day as an early report: the gateway may report
   * before our sender has written the send's answer. Returns whether a message was updated.
   */
  async recordDelivery(scope: { account: 'platform' } | { account: 'own'; providerId: string }, update: DeliveryUpdate): Promise<boolean> {
    const providerId = scope.account === 'own' ? scope.providerId : null;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:sms-report:${update.gatewayMessageId}`]);
      // TypeORM answers UPDATE … RETURNING with [rows, affectedCount]
      const [rows]: [Array<{ id: string }>, number] = await manager.query(
        `UPDATE outbound_messages SET delivery_status = $2::varchar, delivery_detail = $3, delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
          WHERE gateway_message_id = $1 AND channel = 'sms' AND sms_account = $4 AND ($5::uuid IS NULL OR provider_id = $5::uuid)
            AND (delivery_status IS NULL OR delivery_status = 'in_transit')
          RETURNING id`,
        [update.gatewayMessageId, update.outcome, update.detail.slice(0, 80), scope.account, providerId],
      );
      if (rows.length > 0) return true;
      const [known] = await manager.query<Array<{ known: boolean }>>(`SELECT EXISTS (SELECT 1 FROM outbound_messages WHERE gateway_message_id = $1) AS known`, [update.gatewayMessageId]);
      if (!known.known) {
        await manager.query(
          `INSERT INTO early_delivery_reports (gateway_message_id, sms_account, provider_id, outcome, detail) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (gateway_message_id) DO UPDATE SET outcome = EXCLUDED.outcome, detail = EXCLUDED.detail, received_at = now()
             WHERE early_delivery_reports.outcome = 'in_transit'`,
          [update.gatewayMessageId, scope.account, providerId, update.outcome, update.detail.slice(0, 80)],
        );
        await manager.query(`DELETE FROM early_delivery_reports WHERE received_at < now() - interval '1 day'`);
      }
      return false;
    });
  }

  /** One page of a provider's SMS, newest first (the message log; keyset pages). */
  smsLog(providerId: string, filter: SmsLogFilter, page: PageQueryDto): Promise<Page<OutboundMessage>> {
    const qb = this.dataSource.getRepository(OutboundMessage).createQueryBuilder('m').where('m.providerId = :providerId', { providerId }).andWhere("m.channel = 'sms'");
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.delivery === 'none') qb.andWhere('m.deliveryStatus IS NULL');
    else if (filter.delivery) qb.andWhere('m.deliveryStatus = :delivery', { delivery: filter.delivery });
    if (filter.phoneDigits) qb.andWhere('m.recipient LIKE :digits', { digits: `%${filter.phoneDigits}%` });
    if (filter.template) qb.andWhere('m.templateKey = :template', { template: filter.template });
    if (filter.voucherId) qb.andWhere('m.voucherId = :voucherId', { voucherId: filter.voucherId });
    return paginate(qb, page, 'createdAt');
  }

  /** SMS sent (or being sent) for a provider since a time, by account: usage and the platform allowance. */
  async smsUsage(providerId: string, since: Date): Promise<SmsUsage> {
    const rows = await this.dataSource.query<Array<{ account: SmsAccount | null; currency: string | null; cost: string; segments: string; messages: string }>>(
      `SELECT sms_account AS account, currency, COALESCE(sum(cost_minor), 0) AS cost, COALESCE(sum(segments), 0) AS segments, count(*) AS messages
         FROM outbound_messages
        WHERE provider_id = $1 AND channel = 'sms' AND status = 'sent' AND sent_at >= $2
        GROUP BY sms_account, currency`,
      [providerId, since],
    );
    return {
      messages: rows.reduce((n, r) => n + Number(r.messages), 0),
      segments: rows.reduce((n, r) => n + Number(r.segments), 0),
      cost: rows
        .filter((r) => r.account !== null)
        .map((r) => ({ account: r.account!, currency: r.currency ?? 'KES', costMinor: Number(r.cost), segments: Number(r.segments), messages: Number(r.messages) })),
    };
  }

  /** SMS parts sent through the platform's account for a provider since a time (its allowance). */
  async platformSegmentsSince(providerId: string, since: Date): Promise<number> {
    const [{ n }] = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT COALESCE(sum(segments), 0) AS n FROM outbound_messages
        WHERE provider_id = $1 AND channel = 'sms' AND sms_account = 'platform' AND status = 'sent' AND sent_at >= $2`,
      [providerId, since],
    );
    return Number(n);
  }

  /**
   * SMS queued within the last `seconds` matching a filter (rate limits counted in PostgreSQL, so
   * every instance agrees). Pass the caller's manager inside a transaction.
   */
  async countRecentSms(manager: EntityManager, filter: { providerId: string; templates: string[]; voucherId?: string; recipient?: string }, seconds: number): Promise<number> {
    const [{ n }] = await manager.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbound_messages
        WHERE provider_id = $1 AND channel = 'sms' AND template_key = ANY($2::varchar[]) AND created_at >= now() - make_interval(secs => $3)
          AND ($4::uuid IS NULL OR voucher_id = $4::uuid) AND ($5::varchar IS NULL OR recipient = $5::varchar)`,
      [filter.providerId, filter.templates, seconds, filter.voucherId ?? null, filter.recipient?.replace(/^\+/, '') ?? null],
    );
    return n;
  }

  async markFailed(message: OutboundMessage, attempts: number, dead: boolean, nextAttemptAt: Date, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbound_messages SET status = $2::varchar, attempts = $3, next_attempt_at = $4, locked_until = NULL, last_error = $5,
              body = CASE WHEN sensitive AND $2::varchar = 'dead' THEN $6 ELSE body END, html = CASE WHEN sensitive AND $2::varchar = 'dead' THEN NULL ELSE html END, updated_at = now()
        WHERE id = $1`,
      [message.id, dead ? 'dead' : 'failed', attempts, nextAttemptAt, error.slice(0, 1000), ERASED],
    );
  }

  /** A message of a channel that is not set up goes back to the queue as it was (no attempt spent). */
  async release(message: OutboundMessage): Promise<void> {
    await this.dataSource.query(`UPDATE outbound_messages SET status = $2, locked_until = NULL, updated_at = now() WHERE id = $1`, [message.id, message.attempts > 0 ? 'failed' : 'queued']);
  }

  /** Is anything due (the interval trigger records a job run only then)? */
  async anyDue(channels: MessageChannel[]): Promise<boolean> {
    if (channels.length === 0) return false;
    const [{ due }] = await this.dataSource.query<{ due: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM outbound_messages WHERE channel = ANY($1::varchar[])
          AND ((status IN ('queued', 'failed') AND next_attempt_at <= now()) OR (status = 'sending' AND locked_until < now()))) AS due`,
      [channels],
    );
    return due;
  }

  /** Where the messages with these idempotency keys stand (keys never queued are absent). */
  async sendStateOf(idempotencyKeys: string[]): Promise<Map<string, SendState>> {
    if (idempotencyKeys.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ idempotency_key: string; status: MessageStatus }>>(
      `SELECT idempotency_key, status FROM outbound_messages WHERE idempotency_key = ANY($1::varchar[])`,
      [idempotencyKeys],
    );
    return new Map(rows.map((r) => [r.idempotency_key, r.status === 'sent' || r.status === 'dead' ? r.status : 'waiting']));
  }

  /** Queue depth and dead letters, platform-wide (system health). */
  async stats(): Promise<QueueStats> {
    const byChannel = await this.dataSource.query<Array<{ channel: MessageChannel; waiting: number; dead: number; sent: number; oldest: Date | null }>>(
      `SELECT channel, count(*) FILTER (WHERE status IN ('queued', 'failed', 'sending'))::int AS waiting, count(*) FILTER (WHERE status = 'dead')::int AS dead,
              count(*) FILTER (WHERE status = 'sent' AND sent_at >= now() - interval '1 day')::int AS sent,
              min(created_at) FILTER (WHERE status IN ('queued', 'failed', 'sending')) AS oldest
         FROM outbound_messages WHERE status <> 'sent' OR sent_at >= now() - interval '1 day' GROUP BY channel ORDER BY channel`,
    );
    const recentDead = await this.dataSource.getRepository(OutboundMessage).find({
      select: ['id', 'channel', 'recipient', 'templateKey', 'attempts', 'lastError', 'updatedAt'],
      where: { status: 'dead' },
      order: { updatedAt: 'DESC' },
      take: 10,
    });
    const oldest = byChannel.map((c) => c.oldest).filter((d): d is Date => d !== null);
    return {
      waiting: byChannel.reduce((n, c) => n + c.waiting, 0),
      dead: byChannel.reduce((n, c) => n + c.dead, 0),
      sentLastDay: byChannel.reduce((n, c) => n + c.sent, 0),
      oldestWaitingAt: oldest.length ? new Date(Math.min(...oldest.map((d) => new Date(d).getTime()))) : null,
      byChannel: byChannel.map((c) => ({ channel: c.channel, waiting: c.waiting, dead: c.dead })),
      recentDead: recentDead.map((m) => ({ id: m.id, channel: m.channel, recipient: m.recipient, templateKey: m.templateKey, attempts: m.attempts, lastError: m.lastError, updatedAt: m.updatedAt })),
    };
  }
}
