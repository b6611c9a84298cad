// The public entry of the audit module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../audit', never a file inside it; files inside the module import each other directly.
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
