import { Controller, Get, Header, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Public } from '../../common/auth/decorators';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CaptiveService } from './captive.service';
import { badPortalLinkPage } from './portal-link';

/**
 * The captive portal page, `/portal/{routerId}` (outside the /api/v1 prefix): the portal
 * entry of the built SPA (apps/web/dist/portal.html), its own small bundle. The router's
 * login.html redirects here with the hotspot parameters in the query string; the page reads
 * them itself, so one cached HTML serves every router. A link that is not a router id, or
 * lacks or garbles those parameters, or whose login URL is not the router's, gets a small page in English and Swahili saying how to
 * get a good one (never JSON: a customer's phone shows this page).
 */
@ApiExcludeController()
@Public()
@Controller('portal')
export class PortalController {
  private cached: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly captive: CaptiveService,
  ) {}

  // `:router`, not `:routerId`: the global id guard would answer a bad id with JSON; this page checks it itself
  @Get(':router')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Param('router') routerId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const problem = await this.captive.portalLinkProblem(routerId, req.query);
    if (problem) {
      res.status(400);
      res.setHeader('X-Wavu-Link-Problem', problem);
      return badPortalLinkPage();
    }
    if (this.cached === null || this.config.env !== 'production') {
      this.cached = await readFile(join(this.config.http.webDistDir, 'portal.html'), 'utf8').catch(() => null);
    }
    if (this.cached === null) throw new CommonException(CommonErrorCode.NOT_FOUND, 'The portal is not built (npm run build:web)');
    res.status(200);
    return this.cached;
  }
}
