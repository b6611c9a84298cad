import type { IncomingMessage, ServerResponse } from 'http';
import type { DeliveryStatus } from '@wavu/africastalking';
import { readRaw, sendJson, sendText } from './http-util';
import { inboxPage } from './inbox-page';
import type { SmsSimulator } from './simulator';
import type { SimFaultSpec, SimPhoneRule, SimSmsApp } from './types';

/**
 * Control API (not part of Africa's Talking's protocol), JSON unless said otherwise:
 *
 *   GET    /sim/health
 *   GET    /sim/phone?number=0700000123             the simulated phone inbox (HTML); no number = every phone
 *   GET    /sim/messages?to=…&username=…&limit=…   messages, newest first
 *   GET    /sim/messages/:messageId
 *   POST   /sim/messages/:messageId/report {status, failureReason?}   send a delivery report now
 *   GET    /sim/apps | POST /sim/apps {username, apiKey, environment?, senderIds?, balanceMinor?, deliveryReportUrl?}
 *   PUT    /sim/apps/:username/callback {url|null}  delivery report URL of every app with that username
 *   PUT    /sim/apps/:username/balance {balanceMinor}
 *   GET    /sim/settings | PATCH /sim/settings {latencyMs, rateLimitPerSecond, maxRecipientsPerRequest,
 *          deliveryDelayMs, interimStatuses, callbackRetries, callbackRetryBackoffMs, pricePerSegment, defaultSender}
 *   GET    /sim/rules | PUT /sim/rules {rules: SimPhoneRule[]} | POST /sim/rules {SimPhoneRule}
 *   GET    /sim/faults | POST /sim/faults {kind: http500|http503|reset|slow|rate-limit, times?, delayMs?} | DELETE /sim/faults
 *   POST   /sim/idle                                answers once every scheduled report has been sent
 *   POST   /sim/reset
 */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

async function body(req: IncomingMessage): Promise<Json> {
  const raw = await readRaw(req, 256 * 1024);
  if (!raw.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // answered below
  }
  throw new ControlError(400, 'body must be a JSON object');
}

/** Runs a configuration change; its validation errors become 400. */
function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ControlError) throw err;
    throw new ControlError(400, (err as Error).message);
  }
}

async function route(sim: SmsSimulator, req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown } | { html: string }> {
  const method = req.method ?? 'GET';
  const [a, b, c] = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const key = `${method} ${a ?? ''}${b !== undefined ? '/:id' : ''}${c !== undefined ? '/' + c : ''}`;
  const ok = (value: unknown, status = 200) => ({ status, body: value });
  switch (key) {
    case 'GET health':
      return ok({ ok: true, url: sim.url });
    case 'GET phone': {
      const number = url.searchParams.get('number')?.trim().slice(0, 40) || null;
      return { html: inboxPage(number, number ? sim.listMessages({ to: number, limit: 200 }) : sim.listMessages({ limit: 200 })) };
    }
    case 'GET messages': {
      const limit = Number(url.searchParams.get('limit') ?? '500');
      return ok(sim.listMessages({ to: url.searchParams.get('to') ?? undefined, username: url.searchParams.get('username') ?? undefined, limit: Number.isInteger(limit) && limit > 0 ? limit : 500 }));
    }
    case 'GET messages/:id': {
      const m = sim.getMessage(b);
      if (!m) throw new ControlError(404, 'unknown message');
      return ok(m);
    }
    case 'POST messages/:id/report': {
      const j = await body(req);
      if (!sim.getMessage(b)) throw new ControlError(404, 'unknown message');
      return ok(checked(() => sim.deliver(b, j.status as DeliveryStatus, typeof j.failureReason === 'string' ? j.failureReason : undefined)));
    }
    case 'GET apps':
      return ok(sim.listApps());
    case 'POST apps': {
      const j = await body(req);
      checked(() => sim.registerApp(j as unknown as SimSmsApp));
      return ok(sim.listApps(), 201);
    }
    case 'PUT apps/:id/callback': {
      const j = await body(req);
      if (j.url !== null && j.url !== undefined && typeof j.url !== 'string') throw new ControlError(400, 'url must be a string or null');
      const u = typeof j.url === 'string' ? j.url : null;
      const changed = checked(() => sim.setDeliveryReportUrl(b, u));
      if (!changed) throw new ControlError(404, 'unknown username');
      return ok(sim.listApps());
    }
    case 'PUT apps/:id/balance': {
      const j = await body(req);
      const changed = checked(() => sim.setBalance(b, Number(j.balanceMinor)));
      if (!changed) throw new ControlError(404, 'unknown username');
      return ok(sim.listApps());
    }
    case 'GET settings':
      return ok(sim.settings);
    case 'PATCH settings': {
      const j = await body(req);
      return ok(checked(() => sim.setSettings(j)));
    }
    case 'GET rules':
      return ok(sim.listRules());
    case 'PUT rules': {
      const rules = (await body(req)).rules;
      if (!Array.isArray(rules)) throw new ControlError(400, 'rules must be an array');
      checked(() => sim.setRules(rules as SimPhoneRule[]));
      return ok(sim.listRules());
    }
    case 'POST rules': {
      const j = await body(req);
      checked(() => sim.addRule(j as unknown as SimPhoneRule));
      return ok(sim.listRules(), 201);
    }
    case 'GET faults':
      return ok(sim.listFaults());
    case 'POST faults': {
      const j = await body(req);
      checked(() => sim.injectFault(j as unknown as SimFaultSpec));
      return ok(sim.listFaults(), 201);
    }
    case 'DELETE faults':
      sim.clearFaults();
      return ok([]);
    case 'POST idle':
      await sim.idle();
      return ok({ ok: true });
    case 'POST reset':
      sim.reset();
      return ok({ ok: true });
    default:
      throw new ControlError(404, 'not found');
  }
}

export async function handleControl(sim: SmsSimulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const result = await route(sim, req, url);
    if ('html' in result) sendText(res, 200, result.html, 'text/html; charset=utf-8', { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" });
    else sendJson(res, result.status, result.body);
  } catch (err) {
    sendJson(res, err instanceof ControlError ? err.status : 400, { error: (err as Error).message });
  }
}
