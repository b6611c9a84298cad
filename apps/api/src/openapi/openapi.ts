import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document of the API: the contract the SPA's types and integrators use. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Wavu API')
    .setDescription(
      'Billing platform for MikroTik WiFi hotspots. Authenticate with `Authorization: Bearer <token>` — ' +
        'a JWT from POST /api/v1/auth/login, or an API key (`wavu_…`) created by a provider owner. ' +
        'Errors are `{ statusCode, code, message, details?, requestId }`. Lists use cursor pagination (`limit`, `cursor` → `nextCursor`). ' +
        'A provider that is not active gets `403 PROVIDER_NOT_ACTIVE` (JWT and API key alike): pending or rejected, everything but its status, ' +
        'profile and password; suspended, every write but paying its subscription, and the reads that talk to a router.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'JWT access token or API key' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  return sortKeys(document) as OpenAPIObject;
}

/** Stable key order so the committed openapi.json only changes when the API does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
