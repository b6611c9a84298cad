import { escapeHtml } from './http-util';
import type { SimMessage } from './types';

const EAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Nairobi', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function deliveryWord(m: SimMessage): string {
  if (m.deliveryStatus === 'Success') return 'Delivered';
  if (m.deliveryStatus === null) return 'Sent';
  return m.failureReason ? `${m.deliveryStatus} (${m.failureReason})` : m.deliveryStatus;
}

/**
 * The simulated phone inbox (GET /sim/phone?number=…): what a phone would show, newest first, with
 * the sender and the time (Nairobi). Server-rendered, every value escaped, no script; one phone's page
 * refreshes itself every 5 seconds (the all-phones view does not, so typing a number is not interrupted).
 * Only messages the gateway accepted reach a phone; refused ones are listed on the all-phones view.
 * Test ids: `number`, `message-<messageId>`, `message-text`, `message-from`, `empty`.
 */
export function inboxPage(number: string | null, messages: SimMessage[]): string {
  const shown = number ? messages.filter((m) => m.messageId) : messages;
  const items = shown
    .map((m) => {
      const refused = m.messageId === null;
      return `<li class="msg${refused ? ' refused' : ''}" data-testid="message-${escapeHtml(m.messageId ?? 'refused')}">
  <div class="meta"><strong data-testid="message-from">${escapeHtml(m.from)}</strong>${number ? '' : ` → <span>${escapeHtml(m.to)}</span>`}<time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(EAT.format(new Date(m.createdAt)))}</time></div>
  <p data-testid="message-text">${escapeHtml(m.text)}</p>
  <div class="foot">${refused ? `Not sent: ${escapeHtml(m.status)} (${m.statusCode})` : `${escapeHtml(deliveryWord(m))} · ${m.segments} part${m.segments === 1 ? '' : 's'} · ${escapeHtml(m.encoding)}`}</div>
</li>`;
    })
    .join('\n');
  const title = number ? `Messages to ${number}` : 'All simulated phones';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${number ? '<meta http-equiv="refresh" content="5">\n' : ''}<title>${escapeHtml(title)} (SMS simulator)</title>
<style>
  * { box-sizing: border-box; }
  body { font-family: system-ui, sans-serif; background: #eef1f5; margin: 0; padding: 1rem; color: #1d2733; }
  main { max-width: 30rem; margin: auto; }
  h1 { font-size: 1.1rem; margin: .2rem 0 .8rem; overflow-wrap: anywhere; }
  form { display: flex; gap: .4rem; margin-bottom: .8rem; }
  input { flex: 1; min-width: 0; padding: .45rem; font-size: 1rem; border: 1px solid #b8c2cc; border-radius: .35rem; }
  button { padding: .45rem .8rem; border: 0; border-radius: .35rem; background: #1f5fa8; color: #fff; font-size: 1rem; }
  ul { list-style: none; padding: 0; margin: 0; }
  .msg { background: #fff; border-radius: .6rem; padding: .7rem .8rem; margin: .6rem 0; box-shadow: 0 1px 3px #0002; }
  .msg.refused { background: #fbeaea; }
  .meta { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; font-size: .85rem; }
  .meta time { margin-left: auto; color: #5b6673; }
  .msg p { margin: .4rem 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; }
  .foot, .muted { color: #5b6673; font-size: .8rem; }
</style>
</head>
<body>
<main>
  <h1>${escapeHtml(title)}</h1>
  <form method="get" action="/sim/phone">
    <input name="number" data-testid="number" inputmode="tel" placeholder="Phone, e.g. 0700000123" value="${escapeHtml(number ?? '')}" aria-label="Phone number">
    <button type="submit">Open</button>
  </form>
  <p class="muted">Text messages sent through the simulated Africa's Talking gateway. Newest first${number ? '; this page refreshes every 5 seconds' : ''}.</p>
  ${items ? `<ul data-testid="messages">\n${items}\n</ul>` : '<p class="muted" data-testid="empty">No messages yet.</p>'}
</main>
</body>
</html>
`;
}
