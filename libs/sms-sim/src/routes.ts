import type { IncomingMessage, ServerResponse } from 'http';
import { handleControl } from './control';
import { BodyTooLarge, escapeHtml, GatewayFailure, readRaw, sendJson, sendText } from './http-util';
import type { SmsSimulator } from './simulator';

const MESSAGING = '/version1/messaging';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The gateway answers XML unless the caller asks for JSON. */
function toXml(answer: ReturnType<SmsSimulator['send']>): string {
  const d = answer.SMSMessageData;
  const recipients = d.Recipients.map(
    (r) =>
      `<Recipient><number>${escapeHtml(r.number)}</number><cost>${escapeHtml(r.cost)}</cost><status>${escapeHtml(r.status)}</status><statusCode>${r.statusCode}</statusCode><messageId>${escapeHtml(r.messageId)}</messageId></Recipient>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><AfricasTalkingResponse><SMSMessageData><Message>${escapeHtml(d.Message)}</Message><Recipients>${recipients}</Recipients></SMSMessageData></AfricasTalkingResponse>`;
}

async function messaging(sim: SmsSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readRaw(req);
  const fault = sim.takeFault();
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'http500') throw new GatewayFailure(500, 'Internal Server Error');
  if (fault?.kind === 'http503') throw new GatewayFailure(503, 'Service Temporarily Unavailable');
  if (fault?.kind === 'rate-limit') throw new GatewayFailure(429, 'Too Many Requests', { 'Retry-After': '1' });
  if (req.method !== 'POST') throw new GatewayFailure(405, 'Method Not Allowed');
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.includes('application/x-www-form-urlencoded')) throw new GatewayFailure(400, 'Content-Type must be application/x-www-form-urlencoded');
  const form = new URLSearchParams(raw);
  const apiKey = req.headers.apikey;
  const app = sim.authenticate(typeof apiKey === 'string' ? apiKey : undefined, form.get('username') ?? undefined);
  sim.checkRate(app);
  const answer = sim.send(app, form);
  // a slow answer still sends: the caller that gave up may have texted the phone anyway
  const wait = sim.settings.latencyMs + (fault?.kind === 'slow' ? fault.delayMs : 0);
  if (wait > 0) await sleep(wait);
  const accept = String(req.headers.accept ?? '').toLowerCase();
  if (accept.includes('application/json')) sendJson(res, 201, answer);
  else sendText(res, 201, toXml(answer), 'application/xml; charset=utf-8');
}

export async function handleRequest(sim: SmsSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  try {
    if (url.pathname === '/sim' || url.pathname.startsWith('/sim/')) {
      await handleControl(sim, req, res, url);
      return;
    }
    if (url.pathname === MESSAGING || url.pathname === `${MESSAGING}/`) {
      await messaging(sim, req, res);
      return;
    }
    throw new GatewayFailure(404, 'Not Found');
  } catch (err) {
    if (err instanceof GatewayFailure) sendText(res, err.status, err.text, 'text/plain; charset=utf-8', err.headers);
    else if (err instanceof BodyTooLarge) sendText(res, 413, 'Request Entity Too Large');
    else {
      sim.logger.error('sms simulator error', { error: (err as Error).message });
      sendText(res, 500, 'Internal Server Error');
    }
  }
}
