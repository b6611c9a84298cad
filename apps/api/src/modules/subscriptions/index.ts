// The public entry of the subscriptions module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../subscriptions', never a file inside it; files inside the module import each other directly.
export { SubscriptionErrorCode, SubscriptionException } from './subscriptions.exception';
export { SubscriptionsModule } from './subscriptions.module';
export { SubscriptionsService } from './subscriptions.service';
