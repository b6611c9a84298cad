import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ChannelError, type ChannelReceipt, type ChannelSender } from './channels';
import type { OutboundMessage } from './entities/outbound-message.entity';

/** SMTP over nodemailer (one pooled-less transport; the sender sends a handful at a time). */
@Injectable()
export class SmtpEmailSender implements ChannelSender, OnModuleDestroy {
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const smtp = config.mail.smtp;
    this.transport = smtp
      ? createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : null;
  }

  get ready(): boolean {
    return this.transport !== null;
  }

  async send(message: OutboundMessage): Promise<ChannelReceipt> {
    if (!this.transport) throw new ChannelError('SMTP is not configured (SMTP_URL or SMTP_HOST)');
    try {
      const info = (await this.transport.sendMail({
        from: this.config.mail.from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        html: message.html ?? undefined,
        headers: { 'X-Wavu-Message-Id': message.id },
      })) as { messageId?: string; rejected?: unknown[] };
      if (info.rejected && info.rejected.length > 0) throw new ChannelError(`recipient refused: ${message.recipient}`, true);
      return { gatewayMessageId: info.messageId ?? null };
    } catch (err) {
      if (err instanceof ChannelError) throw err;
      const e = err as { message?: string; responseCode?: number };
      // 5xx on the recipient: the server will never take it; 4xx and connection errors: try again later
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && /recipient|mailbox|user/i.test(e.message ?? '');
      throw new ChannelError(e.message ?? String(err), permanent);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
