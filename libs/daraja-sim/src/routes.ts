import type { IncomingMessage, ServerResponse } from 'http';
import { handleControl } from './control';
import { BodyTooLarge, DarajaFailure, invalid, parseJsonObject, readRaw, sendJson, sendText } from './http-util';
import type { DarajaSimulator } from './simulator';
import type { FaultEndpoint } from './types';

type Handler = (sim: DarajaSimulator, req: IncomingMessage, url: URL) => Promise<{ status: number; body: unknown }>;

interface Route {
  method: 'GET' | 'POST';
  endpoint: FaultEndpoint;
  handler: Handler;
}

/** Parses a JSON object body; a wrong Content-Type reads as "Invalid BusinessShortCode" (docs FAQ 9). */
async function jsonBody(req: IncomingMessage, wrongTypeField: string): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const raw = await readRaw(req);
  if (!type.includes('application/json')) throw invalid(wrongTypeField);
  const body = parseJsonObject(raw);
  if (!body) throw new DarajaFailure(400, '400.002.05', 'Invalid Request Payload');
  return body;
}

const routes: Record<string, Route> = {
  '/oauth/v1/generate': {
    method: 'GET',
    endpoint: 'oauth',
    handler: async (sim, req, url) => ({ status: 200, body: sim.issueToken(req.headers.authorization, url.searchParams.get('grant_type')) }),
  },
  '/mpesa/stkpush/v1/processrequest': {
    method: 'POST',
    endpoint: 'stkpush',
    handler: async (sim, req) => {
      const app = sim.authenticate(req.headers.authorization);
      return { status: 200, body: sim.createPush(app, await jsonBody(req, 'BusinessShortCode')) };
    },
  },
  '/mpesa/stkpushquery/v1/query': {
    method: 'POST',
    endpoint: 'stkquery',
    handler: async (sim, req) => {
      const app = sim.authenticate(req.headers.authorization);
      return sim.queryPush(app, await jsonBody(req, 'BusinessShortCode'));
    },
  },
};

routes['/pulltransactions/v1/register'] = {
  method: 'POST',
  endpoint: 'pull-register',
  handler: async (sim, req) => {
    const app = sim.authenticate(req.headers.authorization);
    return { status: 200, body: sim.registerPull(app, await jsonBody(req, 'ShortCode')) };
  },
};
routes['/pulltransactions/v1/query'] = {
  method: 'POST',
  endpoint: 'pull-query',
  handler: async (sim, req) => {
    const app = sim.authenticate(req.headers.authorization);
    return { status: 200, body: sim.queryPull(app, await jsonBody(req, 'ShortCode')) };
  },
};

for (const version of ['v1', 'v2'] as const) {
  routes[`/mpesa/c2b/${version}/registerurl`] = {
    method: 'POST',
    endpoint: 'c2b-register',
    handler: async (sim, req) => {
      const app = sim.authenticate(req.headers.authorization);
      return { status: 200, body: sim.registerC2b(app, await jsonBody(req, 'ShortCode'), version) };
    },
  };
  routes[`/mpesa/c2b/${version}/simulate`] = {
    method: 'POST',
    endpoint: 'c2b-simulate',
    handler: async (sim, req) => {
      const app = sim.authenticate(req.headers.authorization);
      return { status: 200, body: sim.simulateC2b(app, await jsonBody(req, 'ShortCode'), version) };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Applies an injected fault; returns true when the request has been answered (or dropped). */
async function applyFault(sim: DarajaSimulator, endpoint: FaultEndpoint, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const fault = sim.faults.take(endpoint);
  if (!fault) return false;
  const requestId = sim.ids.requestId();
  switch (fault.kind) {
    case 'slow':
      // the request has arrived: it is processed even if the caller gives up waiting (a timed-out push still prompts the phone)
      await readRaw(req);
      await sleep(fault.delayMs);
      return false;
    case 'drop-connection':
      req.socket.destroy();
      return true;
    case 'http503':
      sendText(res, 503, 'Service Temporarily Unavailable', 'text/html');
      return true;
    case 'spike-arrest':
      sendJson(res, 500, { requestId, errorCode: '500.003.02', errorMessage: 'Error Occurred: Spike Arrest Violation' });
      return true;
    case 'quota':
      sendJson(res, 500, { requestId, errorCode: '500.003.03', errorMessage: 'Quota Violation' });
      return true;
    case 'http500':
    default:
      sendJson(res, 500, { requestId, errorCode: '500.003.1001', errorMessage: 'Internal Server Error' });
      return true;
  }
}

export async function handleRequest(sim: DarajaSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  try {
    if (url.pathname === '/sim' || url.pathname.startsWith('/sim/')) {
      await handleControl(sim, req, res, url);
      return;
    }
    const route = routes[url.pathname];
    if (!route) throw new DarajaFailure(404, '404.001.01', 'Resource not found');
    if (await applyFault(sim, route.endpoint, req, res)) return;
    if (req.method !== route.method) throw new DarajaFailure(405, '405.001', 'Method Not Allowed');
    const { status, body } = await route.handler(sim, req, url);
    sendJson(res, status, body);
  } catch (err) {
    if (err instanceof DarajaFailure) {
      sendJson(res, err.status, { requestId: err.requestId ?? sim.ids.requestId(), errorCode: err.errorCode, errorMessage: err.errorMessage });
    } else if (err instanceof BodyTooLarge) {
      sendJson(res, 413, { requestId: sim.ids.requestId(), errorCode: '400.002.05', errorMessage: 'Invalid Request Payload' });
    } else {
      sim.logger.error('simulator error', { error: (err as Error).message });
      sendJson(res, 500, { requestId: sim.ids.requestId(), errorCode: '500.003.1001', errorMessage: 'Internal Server Error' });
    }
  }
}
