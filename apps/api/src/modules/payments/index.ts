// The public entry of the payments module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../payments', never a file inside it; files inside the module import each other directly.
export { PaymentsModule } from './payments.module';
export { PaymentsService } from './payments.service';
export { AttentionService } from './attention.service';
export type { PurchaseStatus } from './payments.service';
export { MethodTotalDto } from './dto/payment.dto';
export { COLLECTION_MODES } from './entities/payment-settings.entity';
export type { CollectionMode } from './entities/payment-settings.entity';
