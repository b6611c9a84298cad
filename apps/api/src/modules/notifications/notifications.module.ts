import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs';
import { EMAIL_SENDER } from './channels';
import { MessageQueue } from './message-queue';
import { MessageSender } from './message-sender';
import { SmtpEmailSender } from './smtp-email.sender';

/** Outbound messages: the durable queue, its sender and the channels (e-mail over SMTP; the SMS module registers the SMS sender). */
@Module({
  imports: [JobsModule],
  providers: [MessageQueue, MessageSender, SmtpEmailSender, { provide: EMAIL_SENDER, useExisting: SmtpEmailSender }],
  exports: [MessageQueue, MessageSender],
})
export class NotificationsModule {}
