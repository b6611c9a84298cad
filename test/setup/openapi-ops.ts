import * as fs from 'node:fs';
import * as path from 'node:path';

/** The committed openapi.json read as a flat list of operations: the sweeps are generated from it. */
export type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  label: string;
  parameters: { name: string; in: string; schema: Schema; required?: boolean }[];
  body: Schema | null;
  /** content types the body is declared with */
  bodyTypes: string[];
  security: boolean;
}

export const spec = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));

export const resolve = (schema: Schema): Schema => {
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
  return schema;
};

export const operations: Operation[] = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([p, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method as Operation['method'],
    path: p,
    label: `${method.toUpperCase()} ${p}`,
    parameters: op.parameters ?? [],
    body: op.requestBody?.content?.['application/json'] ? resolve(op.requestBody.content['application/json'].schema) : null,
    bodyTypes: Object.keys(op.requestBody?.content ?? {}),
    security: Boolean(op.security?.length),
  })),
);

export const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path').map((p) => p.name);

/** Fills `{name}` placeholders. */
export const fillPath = (op: Operation, values: Record<string, string>) =>
  op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${op.label}: no value for path parameter ${name}`);
    return encodeURIComponent(values[name]);
  });
