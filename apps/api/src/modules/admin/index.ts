// The public entry of the admin module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../admin', never a file inside it; files inside the module import each other directly.
export { AdminModule } from './admin.module';
export { AuditService } from './audit.service';
