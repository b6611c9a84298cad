import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { MessageChannel, OutboundMessage } from './entities/outbound-message.entity';
import { EmailTemplateKey, EmailTemplateParams, Locale, renderEmail } from './templates';

/** What a caller enqueues: an e-mail from a template (rendered now), or a ready text (SMS). */
export type NewMessage =
  | {
      channel: 'email';
      to: string;
      template: EmailTemplateKey;
      params: EmailTemplateParams[EmailTemplateKey];
      locale?: Locale;
      idempotencyKey: string;
      providerId?: string | null;
      sensitive?: boolean;
    }
  | { channel: 'sms'; to: string; template: string; text: string; locale?: Locale; idempotencyKey: string; providerId?: string | null; sensitive?: boolean };

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
    const rendered = message.channel === 'email' ? renderEmail(message.template, message.params, message.locale) : { subject: null, text: message.text, html: null };
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO outbound_messages (provider_id, channel, recipient, template_key, locale, subject, body, html, sensitive, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        message.providerId ?? null,
        message.channel,
        message.channel === 'email' ? message.to.trim().toLowerCase() : message.to,
        message.template,
        message.locale ?? 'en',
        rendered.subject,
        rendered.text,
        rendered.html,
        message.sensitive ?? false,
        message.idempotencyKey.slice(0, 200),
      ],
    );
    return rows.length === 1;
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

  async markSent(message: OutboundMessage, gatewayMessageId: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbound_messages SET status = 'sent', sent_at = now(), attempts = attempts + 1, locked_until = NULL, last_error = NULL, gateway_message_id = $2,
              body = CASE WHEN sensitive THEN $3 ELSE body END, html = CASE WHEN sensitive THEN NULL ELSE html END, updated_at = now()
        WHERE id = $1`,
      [message.id, gatewayMessageId?.slice(0, 200) ?? null, ERASED],
    );
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
