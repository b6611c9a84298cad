import type { SinkMessage } from './sink';

const EAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Nairobi', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain text with its http(s) links made clickable; everything else escaped. */
export function linkify(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return parts.map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}" data-testid="mail-link">${escapeHtml(part)}</a>` : escapeHtml(part))).join('');
}

const STYLE = `
  * { box-sizing: border-box; }
  body { font-family: system-ui, sans-serif; background: #eef1f5; margin: 0; padding: 1rem; color: #1d2733; }
  main { max-width: 42rem; margin: auto; }
  h1 { font-size: 1.15rem; margin: .2rem 0 .8rem; overflow-wrap: anywhere; }
  form { display: flex; gap: .4rem; margin-bottom: .8rem; }
  input { flex: 1; min-width: 0; padding: .45rem; font-size: 1rem; border: 1px solid #b8c2cc; border-radius: .35rem; }
  button { padding: .45rem .8rem; border: 0; border-radius: .35rem; background: #1f5fa8; color: #fff; font-size: 1rem; }
  ul { list-style: none; padding: 0; margin: 0; }
  li a.item { display: block; background: #fff; border-radius: .6rem; padding: .7rem .8rem; margin: .6rem 0; box-shadow: 0 1px 3px #0002; color: inherit; text-decoration: none; }
  .meta { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; font-size: .85rem; color: #5b6673; }
  .meta time { margin-left: auto; }
  .subject { font-weight: 600; margin: .25rem 0; overflow-wrap: anywhere; }
  article { background: #fff; border-radius: .6rem; padding: .9rem 1rem; box-shadow: 0 1px 3px #0002; }
  article pre { white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; font-size: 1rem; line-height: 1.45; margin: .8rem 0 0; }
  article a { color: #1f5fa8; }
  .muted { color: #5b6673; font-size: .85rem; }
  nav { margin-bottom: .6rem; font-size: .9rem; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} (simulated mailbox)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/**
 * The simulated mailbox (GET /mailbox?to=…): one recipient's messages, or everybody's, newest
 * first. Server-rendered, every value escaped, no script. Test ids: `mailbox-to`, `mail-<id>`,
 * `mail-subject`, `empty`.
 */
export function mailboxPage(to: string | null, messages: SinkMessage[]): string {
  const shown = [...messages].reverse();
  const items = shown
    .map(
      (m) => `<li><a class="item" href="/mailbox/${encodeURIComponent(m.id)}" data-testid="mail-${escapeHtml(m.id)}">
  <div class="meta"><span>${escapeHtml(m.from)}</span>${to ? '' : ` → <span>${escapeHtml(m.to.join(', '))}</span>`}<time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(EAT.format(new Date(m.receivedAt)))}</time></div>
  <div class="subject" data-testid="mail-subject">${escapeHtml(m.subject || '(no subject)')}</div>
</a></li>`,
    )
    .join('\n');
  const title = to ? `Mail to ${to}` : 'All simulated mailboxes';
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<form method="get" action="/mailbox">
  <input name="to" data-testid="mailbox-to" type="email" placeholder="E-mail, e.g. owner@demo-hotspot.test" value="${escapeHtml(to ?? '')}" aria-label="E-mail address">
  <button type="submit">Open</button>
</form>
${shown.length ? `<ul>${items}</ul>` : '<p class="muted" data-testid="empty">No mail yet.</p>'}
<p class="muted">A local SMTP sink: nothing here left this machine.</p>`,
  );
}

/** One message: headers and the plain-text body with its links clickable (the HTML part is not rendered: it could carry anything). */
export function messagePage(m: SinkMessage): string {
  const first = m.to[0] ?? '';
  return layout(
    m.subject || '(no subject)',
    `<nav><a href="/mailbox?to=${encodeURIComponent(first)}" data-testid="back">← Mail to ${escapeHtml(first)}</a></nav>
<article data-testid="mail-message">
  <h1 data-testid="mail-subject">${escapeHtml(m.subject || '(no subject)')}</h1>
  <div class="meta"><span>From ${escapeHtml(m.from)}</span><span>To ${escapeHtml(m.to.join(', '))}</span><time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(EAT.format(new Date(m.receivedAt)))}</time></div>
  <pre data-testid="mail-text">${linkify(m.text)}</pre>
</article>`,
  );
}

export function notFoundPage(): string {
  return layout('Not found', '<h1>No such message</h1><p><a href="/mailbox">All mailboxes</a></p>');
}
