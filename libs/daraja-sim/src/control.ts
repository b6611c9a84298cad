import type { IncomingMessage, ServerResponse } from 'http';
import { parseJsonObject, readRaw, sendJson, sendText } from './http-util';
import { PHONE_PAGE } from './phone-page';
import type { DarajaSimulator } from './simulator';
import { parseEatDateTime } from './time';
import type { C2bPaymentInput, FaultSpec, PhoneAction, PhoneRule, PushStatus, SettlementSweepInput, SimAppConfig } from './types';

/**
 * Control API (not part of the Daraja protocol), all JSON:
 *
 *   GET    /sim/health
 *   GET    /sim/phone                              the customer's phone page (HTML)
 *   GET    /sim/pushes?status=pending&phone=2547…  list pushes
 *   GET    /sim/pushes/:checkoutRequestId
 *   POST   /sim/pushes/:id/approve   {pin?}        right PIN → 0, wrong PIN → 2001
 *   POST   /sim/pushes/:id/cancel                  1032
 *   POST   /sim/pushes/:id/timeout                 1037
 *   POST   /sim/pushes/:id/result    {resultCode, resultDesc?}
 *   GET    /sim/ledger                             settled payments and total
 *   GET    /sim/apps | POST /sim/apps {consumerKey, consumerSecret, shortcode, passkey, …} | DELETE /sim/apps/:consumerKey
 *   GET    /sim/settings                           phone, callbacks, query, pull
 *   PATCH  /sim/settings/phone | /sim/settings/callbacks | /sim/settings/query | /sim/settings/pull
 *   GET    /sim/settings/pull
 *   PUT    /sim/rules {rules: PhoneRule[]} | POST /sim/rules {PhoneRule}
 *   POST   /sim/c2b/pay {shortCode, amount, msisdn, billRefNumber?, transId?}  → outcome
 *   GET    /sim/c2b/registrations | GET /sim/c2b/payments
 *   GET    /sim/faults | POST /sim/faults {endpoint?, kind, times?, delayMs?} | DELETE /sim/faults
 *   POST   /sim/tokens/invalidate {consumerKey?} | POST /sim/tokens/expire {ms, consumerKey?} | POST /sim/tokens/ttl {ms}
 *   GET    /sim/pull/registrations | GET /sim/pull/queries
 *   GET    /sim/pull/sweeps | POST /sim/pull/sweeps {shortCode, amount}   settlement sweeps (withdrawals)
 *   GET    /sim/statement?shortCode=…&from=…&to=…  org-portal statement CSV (attachment); from/to ISO or
 *                                                  EAT `YYYY-MM-DD HH:mm[:ss]`, default the last 30 days
 *   GET    /sim/deliveries?checkoutRequestId=…
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
  const raw = await readRaw(req);
  if (!raw.trim()) return {};
  const parsed = parseJsonObject(raw);
  if (!parsed) throw new ControlError(400, 'body must be a JSON object');
  return parsed;
}

/** An ISO time, or EAT `YYYY-MM-DD HH:mm[:ss]`; the fallback when absent. */
function timeParam(url: URL, name: string, fallback: Date): Date {
  const text = url.searchParams.get(name);
  if (!text) return fallback;
  const when = parseEatDateTime(text) ?? (text.includes('T') ? new Date(text) : null);
  if (!when || Number.isNaN(when.getTime())) throw new ControlError(400, `${name} must be ISO or YYYY-MM-DD HH:mm:ss (Nairobi time)`);
  return when;
}

type Download = { download: string; filename: string };

function pushAction(sim: DarajaSimulator, id: string, verb: string, b: Json): unknown {
  switch (verb) {
    case 'approve':
      return sim.approve(id, b.pin === undefined ? undefined : String(b.pin));
    case 'cancel':
      return sim.cancel(id);
    case 'timeout':
      return sim.timeout(id);
    case 'result': {
      if (b.resultCode === undefined) throw new ControlError(400, 'resultCode is required');
      const action: PhoneAction = { resultCode: b.resultCode as number | string, resultDesc: typeof b.resultDesc === 'string' ? b.resultDesc : undefined };
      return sim.resolvePush(id, action);
    }
    default:
      throw new ControlError(404, 'not found');
  }
}

async function route(sim: DarajaSimulator, req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown } | 'html' | Download> {
  const method = req.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const [a, b, c] = parts;
  const key = `${method} ${a ?? ''}${b !== undefined ? '/' + (a === 'pushes' || a === 'apps' ? ':id' : b) : ''}${c !== undefined ? '/' + c : ''}`;
  const ok = (value: unknown, status = 200) => ({ status, body: value });
  switch (key) {
    case 'GET health':
      return ok({ ok: true, url: sim.url });
    case 'GET phone':
      return 'html';
    case 'GET pushes': {
      const status = url.searchParams.get('status') as PushStatus | null;
      return ok(sim.listPushes({ status: status ?? undefined, phoneNumber: url.searchParams.get('phone') ?? undefined }));
    }
    case 'GET pushes/:id': {
      const push = sim.getPush(b);
      if (!push) throw new ControlError(404, 'unknown push');
      return ok(push);
    }
    case 'POST pushes/:id/approve':
    case 'POST pushes/:id/cancel':
    case 'POST pushes/:id/timeout':
    case 'POST pushes/:id/result':
      try {
        return ok(pushAction(sim, b, c, await body(req)));
      } catch (err) {
        if (err instanceof ControlError) throw err;
        throw new ControlError(409, (err as Error).message);
      }
    case 'GET ledger':
      return ok(sim.ledger());
    case 'GET apps':
      return ok(sim.listApps());
    case 'POST apps':
      sim.registerApp((await body(req)) as unknown as SimAppConfig);
      return ok({ ok: true }, 201);
    case 'DELETE apps/:id':
      return ok({ removed: sim.removeApp(b) });
    case 'GET settings':
      return ok({ phone: sim.phone, callbacks: sim.callbackSettings, query: sim.querySettings, pull: sim.pullSettings });
    case 'PATCH settings/phone': {
      const { rules: _ignored, ...rest } = await body(req);
      sim.setPhoneSettings(rest);
      return ok(sim.phone);
    }
    case 'PATCH settings/callbacks':
      sim.setCallbackSettings(await body(req));
      return ok(sim.callbackSettings);
    case 'PATCH settings/query':
      sim.setQuerySettings(await body(req));
      return ok(sim.querySettings);
    case 'GET settings/pull':
      return ok(sim.pullSettings);
    case 'PATCH settings/pull':
      try {
        sim.setPullSettings(await body(req));
      } catch (err) {
        if (err instanceof ControlError) throw err;
        throw new ControlError(400, (err as Error).message);
      }
      return ok(sim.pullSettings);
    case 'GET pull/registrations':
      return ok(sim.pullRegistrations());
    case 'GET pull/queries':
      return ok(sim.pullQueries());
    case 'GET pull/sweeps':
      return ok(sim.settlementSweeps());
    case 'POST pull/sweeps':
      try {
        return ok(sim.addSettlementSweep((await body(req)) as unknown as SettlementSweepInput), 201);
      } catch (err) {
        if (err instanceof ControlError) throw err;
        throw new ControlError(400, (err as Error).message);
      }
    case 'GET statement': {
      const shortCode = url.searchParams.get('shortCode') ?? '';
      const to = timeParam(url, 'to', new Date());
      const from = timeParam(url, 'from', new Date(to.getTime() - 30 * 24 * 3_600_000));
      try {
        return { download: sim.exportStatement({ shortCode, from, to }), filename: `statement-${shortCode}.csv` };
      } catch (err) {
        throw new ControlError(400, (err as Error).message);
      }
    }
    case 'PUT rules': {
      const rules = (await body(req)).rules;
      if (!Array.isArray(rules)) throw new ControlError(400, 'rules must be an array');
      sim.setPhoneRules(rules as PhoneRule[]);
      return ok(sim.phone.rules);
    }
    case 'POST rules':
      sim.addPhoneRule((await body(req)) as unknown as PhoneRule);
      return ok(sim.phone.rules, 201);
    case 'POST c2b/pay':
      try {
        return ok(await sim.c2bPay((await body(req)) as unknown as C2bPaymentInput));
      } catch (err) {
        throw new ControlError(400, (err as Error).message);
      }
    case 'GET c2b/registrations':
      return ok(sim.c2bRegistrations());
    case 'GET c2b/payments':
      return ok(sim.c2bPayments());
    case 'GET faults':
      return ok(sim.faults.list());
    case 'POST faults':
      sim.injectFault((await body(req)) as unknown as FaultSpec);
      return ok(sim.faults.list(), 201);
    case 'DELETE faults':
      sim.clearFaults();
      return ok([]);
    case 'POST tokens/invalidate': {
      const k = (await body(req)).consumerKey;
      return ok({ invalidated: sim.invalidateTokens(typeof k === 'string' ? k : undefined) });
    }
    case 'POST tokens/expire': {
      const j = await body(req);
      sim.expireTokensIn(Number(j.ms ?? 0), typeof j.consumerKey === 'string' ? j.consumerKey : undefined);
      return ok({ ok: true });
    }
    case 'POST tokens/ttl': {
      const ms = Number((await body(req)).ms);
      if (!Number.isFinite(ms) || ms < 1000) throw new ControlError(400, 'ms must be at least 1000');
      sim.setTokenTtl(ms);
      return ok({ ok: true });
    }
    case 'GET deliveries':
      return ok(sim.deliveries(url.searchParams.get('checkoutRequestId') ?? undefined));
    case 'POST reset':
      sim.reset();
      return ok({ ok: true });
    default:
      throw new ControlError(404, 'not found');
  }
}

export async function handleControl(sim: DarajaSimulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const result = await route(sim, req, url);
    if (result === 'html') sendText(res, 200, PHONE_PAGE, 'text/html; charset=utf-8');
    else if ('download' in result)
      sendText(res, 200, result.download, 'text/csv; charset=utf-8', { 'Content-Disposition': `attachment; filename="${result.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"` });
    else sendJson(res, result.status, result.body);
  } catch (err) {
    const status = err instanceof ControlError ? err.status : 400;
    sendJson(res, status, { error: (err as Error).message });
  }
}
