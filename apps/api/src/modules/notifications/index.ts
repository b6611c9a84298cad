// The public entry of the notifications module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../notifications', never a file inside it; files inside the module import each other directly.
export { ChannelError } from './channels';
export type { ChannelReceipt, ChannelSender } from './channels';
export type { DeliveryStatus, MessageStatus, OutboundMessage, SmsAccount } from './entities/outbound-message.entity';
export { DELIVERY_STATUSES, MESSAGE_STATUSES } from './entities/outbound-message.entity';
export { MessageQueue } from './message-queue';
export type { AlertEmailItem } from './templates';
export { MessageSender } from './message-sender';
export { NotificationsModule } from './notifications.module';
