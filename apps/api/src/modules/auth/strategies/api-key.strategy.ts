import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { Principal } from '../../../common/auth/principal';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys.service';

/** `Authorization: Bearer wavu_…` — tried before the JWT strategy. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  async validate(request: Request): Promise<Principal | false> {
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token?.startsWith(API_KEY_PREFIX)) return false;
    return (await this.apiKeys.authenticate(token)) ?? false;
  }
}
