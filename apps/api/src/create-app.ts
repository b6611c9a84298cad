import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { bodyParserErrors } from './common/http/body-parser-errors';
import { clientKey, effectiveClientIp, type TrustFn } from './common/http/client-ip';
import { requestInputGuard } from './common/http/request-input-guard';
import type { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';

const API_PREFIX = 'api/v1';
/** M-Pesa statement uploads carry a whole CSV export (a busy shortcode's month): a larger JSON limit on these routes only. */
export const STATEMENT_UPLOAD_PATHS = [`/${API_PREFIX}/payments/statements`, `/${API_PREFIX}/admin/payments/statements`];
export const STATEMENT_UPLOAD_LIMIT_BYTES = 12 * 1024 * 1024;
/** A cash sale may name up to 10,000 typed codes or scanned QR links (docs/cash-sales.md). */
export const CASH_SALE_PATHS = [`/${API_PREFIX}/cash-sales`, `/${API_PREFIX}/resellers/:id/handovers`, `/${API_PREFIX}/resellers/:id/returns`];
export const CASH_SALE_LIMIT_BYTES = 2 * 1024 * 1024;

/** Builds the configured HTTP application (not yet listening): used by main.ts and the tests. */
export async function createApp(config: AppConfig, options: { preview?: boolean; abortOnError?: boolean } = {}): Promise<NestExpressApplication> {
  // preview: modules are wired but nothing is instantiated (no database) — for writing openapi.json.
  // abortOnError false (tests): a failed start throws instead of process.exit(1), which would end the
  // whole test run without results
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    preview: options.preview,
    logger: options.preview ? false : undefined,
    abortOnError: options.abortOnError,
  });
  if (!options.preview) app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxy === false ? false : config.http.trustProxy);
  if (!options.preview) logTrustProxy(app, config);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'", 'http:', 'https:'],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // gzip or brotli (whichever the browser prefers) for the SPA, the portal and their assets;
  // API answers (/api/…) are left alone: the live event stream must not be buffered. The middleware
  // is not even entered for them: it wraps every answer's write and end, a cost on each callback.
  const compress = compression();
  app.use((req: Request, res: Response, next: NextFunction) => (req.url.startsWith('/api/') ? next() : compress(req, res, next)));
  app.use(STATEMENT_UPLOAD_PATHS, json({ limit: STATEMENT_UPLOAD_LIMIT_BYTES }));
  app.use(CASH_SALE_PATHS, json({ limit: CASH_SALE_LIMIT_BYTES }));
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.use(bodyParserErrors);
  app.use(requestInputGuard);
  app.enableCors({ origin: config.http.corsOrigins.length ? config.http.corsOrigins : false, credentials: false, maxAge: 600 });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics', 'portal/:routerId'] });
  // API_DOCS_ENABLED=false: no Swagger UI and no openapi.json (404)
  if (config.http.apiDocs) SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json', customSiteTitle: 'Wavu API' });
  app.enableShutdownHooks();
  return app;
}

/**
 * Says at start which proxies may name the client, with a worked example, so an operator can see
 * at once whether per-client limits will key on real clients or on the proxy (docs/operations.md).
 */
function logTrustProxy(app: NestExpressApplication, config: AppConfig): void {
  const trust = (app.getHttpAdapter().getInstance() as { get(name: string): TrustFn }).get('trust proxy fn');
  const setting = config.http.trustProxy === false ? 'none' : Array.isArray(config.http.trustProxy) ? config.http.trustProxy.join(',') : `${config.http.trustProxy} hop(s)`;
  const examples = ['127.0.0.1', '10.0.0.2'].map((socket) => {
    const ip = effectiveClientIp(socket, '203.0.113.7', trust);
    return `from ${socket} with X-Forwarded-For: 203.0.113.7 → client ${ip} (limits key ${clientKey(ip)})`;
  });
  new NestLogger('ClientIp').log(`TRUST_PROXY=${setting}: a request ${examples.join('; ')}; IPv6 clients are keyed by their /64`);
}
