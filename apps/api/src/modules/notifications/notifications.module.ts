import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs';
import { EMAIL_SENDER, NotSetUpSender, SMS_SENDER } from './channels';
import { MessageQueue } from './message-queue';
import { MessageSender } from './message-sender';
import { SmtpEmailSender } from './smtp-email.sender';

/** Outbound messages: the durable queue, its sender and the channels (e-mail over SMTP; the SMS slot). */
@Module({
  imports: [JobsModule],
  providers: [MessageQueue, MessageSender, SmtpEmailSender, { provide: EMAIL_SENDER, useExisting: SmtpEmailSender }, { provide: SMS_SENDER, useClass: NotSetUpSender }],
  exports: [MessageQueue, MessageSender],
})
export class NotificationsModule {}
