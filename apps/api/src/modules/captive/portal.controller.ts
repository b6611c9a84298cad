import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Public } from '../../common/auth/decorators';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CaptiveRouterParamsDto } from './dto/captive.dto';

/**
 * The captive portal page, `/portal/{routerId}` (outside the /api/v1 prefix): the portal
 * entry of the built SPA (apps/web/dist/portal.html), its own small bundle. The router's
 * login.html redirects here with the hotspot parameters in the query string; the page reads
 * them itself, so one cached HTML serves every router.
 */
@ApiExcludeController()
@Public()
@Controller('portal')
export class PortalController {
  private cached: string | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get(':routerId')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Param() _params: CaptiveRouterParamsDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (this.cached === null || this.config.env !== 'production') {
      this.cached = await readFile(join(this.config.http.webDistDir, 'portal.html'), 'utf8').catch(() => null);
    }
    if (this.cached === null) throw new CommonException(CommonErrorCode.NOT_FOUND, 'The portal is not built (npm run build:web)');
    res.status(200);
    return this.cached;
  }
}
