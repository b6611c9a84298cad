// The public entry of the providers module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../providers', never a file inside it; files inside the module import each other directly.
export { decodeLogo } from './dto/branding.dto';
export { Provider, PROVIDER_STATUSES } from './entities/provider.entity';
export type { ProviderStatus, ProviderType } from './entities/provider.entity';
export { ProvidersModule } from './providers.module';
export { ProvidersService } from './providers.service';
