import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthErrorCode, AuthException } from './auth.exception';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto, mapApiKey } from './dto/api-key.dto';

export const API_KEY_PREFIX = 'wavu_';
const KEY_PATTERN = /^wavu_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** Integrators' keys: `wavu_<12-char id>_<32 random bytes>`; the id finds the row, the SHA-256 proves it. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
  ) {}

  async create(providerId: string, dto: CreateApiKeyDto, actor: Principal, context: RequestContext): Promise<CreatedApiKeyDto> {
    const prefix = randomToken(12)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .padEnd(12, '0')
      .slice(0, 12);
    const secret = `${API_KEY_PREFIX}${prefix}_${randomToken(32)}`;
    const key = await this.keys.create({ providerId, name: dto.name, prefix, keyHash: sha256(secret), scope: dto.scope, createdByUserId: actor.userId });
    await this.audit.record({ action: 'api_key.created', actor, providerId, target: { type: 'api_key', id: key.id }, context, metadata: { name: dto.name, scope: dto.scope } });
    return { apiKey: mapApiKey(key), secret };
  }

  async list(providerId: string): Promise<ApiKeyListDto> {
    return { items: (await this.keys.listForProvider(providerId)).map(mapApiKey) };
  }

  async revoke(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<ApiKeyDto> {
    const key = await this.keys.findForProvider(providerId, id);
    if (!key) throw new AuthException(AuthErrorCode.API_KEY_NOT_FOUND, 'API key not found');
    if (await this.keys.revoke(providerId, id)) {
      await this.audit.record({ action: 'api_key.revoked', actor, providerId, target: { type: 'api_key', id }, context });
    }
    return mapApiKey((await this.keys.findForProvider(providerId, id))!);
  }

  /**
   * The principal for a presented key, or null (unknown or revoked). A key of a provider that is not
   * active still authenticates: the provider-status gate then allows it exactly what it allows the
   * owner (common/auth/provider-status.guard.ts).
   */
  async authenticate(presented: string): Promise<Principal | null> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return null;
    const key = await this.keys.findByPrefix(match[1]);
    if (!key || key.revokedAt) return null;
    const expected = Buffer.from(key.keyHash, 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sha256(presented), 'hex'))) return null;
    const provider = await this.providers.getSummary(key.providerId);
    if (!provider) return null;
    await this.keys.touch(key.id);
    return { kind: 'api_key', userId: null, apiKeyId: key.id, email: null, role: 'provider_owner', providerId: key.providerId, scope: key.scope, providerStatus: provider.status };
  }
}
