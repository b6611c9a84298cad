// The public entry of the sms module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../sms', never a file inside it; files inside the module import each other directly.
export { CustomerSmsService } from './customer-sms.service';
export { SmsQueuedDto } from './dto/sms.dto';
export { SmsModule } from './sms.module';
