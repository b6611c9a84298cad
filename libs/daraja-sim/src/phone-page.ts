/**
 * The simulated customer's phone (served at GET /sim/phone): lists pending prompts and lets a
 * person or a browser test approve with a PIN, cancel, or let a prompt time out. Elements carry
 * `data-testid` attributes: `push-<CheckoutRequestID>`, `pin`, `approve`, `cancel`, `timeout`.
 */
export const PHONE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>M-Pesa phone (simulator)</title>
<style>
  body { font-family: system-ui, sans-serif; background: #eef2ee; margin: 0; padding: 1rem; }
  main { max-width: 26rem; margin: auto; }
  h1 { font-size: 1.1rem; color: #1b5e20; }
  .card { background: #fff; border-radius: .6rem; padding: .9rem; margin: .7rem 0; box-shadow: 0 1px 3px #0002; }
  .card p { margin: .2rem 0 .6rem; }
  input { width: 6rem; padding: .35rem; font-size: 1rem; letter-spacing: .2rem; }
  button { padding: .4rem .7rem; margin: .2rem .2rem 0 0; border: 0; border-radius: .35rem; cursor: pointer; }
  .approve { background: #2e7d32; color: #fff; }
  .cancel { background: #c62828; color: #fff; }
  .muted { color: #666; font-size: .85rem; }
  li { font-size: .85rem; margin: .2rem 0; }
</style>
</head>
<body>
<main>
  <h1>M-Pesa phone — simulator</h1>
  <p class="muted">Prompts sent by STK push appear here. Simulator PIN: <span id="pin-hint"></span></p>
  <section id="pending" data-testid="pending"></section>
  <p id="empty" class="muted" data-testid="empty">No pending prompts.</p>
  <h2 class="muted">Recent</h2>
  <ul id="recent" data-testid="recent"></ul>
</main>
<script>
const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text !== undefined) e.textContent = text; return e; };
async function act(id, verb, body) {
  await fetch('/sim/pushes/' + encodeURIComponent(id) + '/' + verb, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
  refresh();
}
function card(p) {
  const c = el('div', { className: 'card' });
  c.dataset.testid = 'push-' + p.checkoutRequestId;
  c.appendChild(el('p', {}, 'Do you want to pay KES ' + p.amount + ' to ' + p.partyB + ' for account ' + p.accountReference + '?'));
  c.appendChild(el('p', { className: 'muted' }, 'Phone ' + p.phoneNumber + ' · ' + p.checkoutRequestId));
  const pin = el('input', { type: 'password', inputMode: 'numeric', placeholder: 'PIN', maxLength: 4 });
  pin.dataset.testid = 'pin';
  const ok = el('button', { className: 'approve' }, 'Send');
  ok.dataset.testid = 'approve';
  ok.onclick = () => act(p.checkoutRequestId, 'approve', { pin: pin.value });
  const cancel = el('button', { className: 'cancel' }, 'Cancel');
  cancel.dataset.testid = 'cancel';
  cancel.onclick = () => act(p.checkoutRequestId, 'cancel');
  const timeout = el('button', {}, 'Let it time out');
  timeout.dataset.testid = 'timeout';
  timeout.onclick = () => act(p.checkoutRequestId, 'timeout');
  c.append(pin, el('br'), ok, cancel, timeout);
  return c;
}
let shown = '';
async function refresh() {
  const [pending, all, settings] = await Promise.all([
    fetch('/sim/pushes?status=pending').then(r => r.json()),
    fetch('/sim/pushes').then(r => r.json()),
    fetch('/sim/settings').then(r => r.json()),
  ]);
  document.getElementById('pin-hint').textContent = settings.phone.pin === null ? 'any' : settings.phone.pin;
  const ids = pending.map(p => p.checkoutRequestId).join(',');
  if (ids !== shown) {
    shown = ids;
    const section = document.getElementById('pending');
    section.replaceChildren(...pending.map(card));
  }
  document.getElementById('empty').hidden = pending.length > 0;
  const recent = all.filter(p => p.status !== 'pending').slice(-10).reverse();
  document.getElementById('recent').replaceChildren(...recent.map(p => el('li', {}, p.checkoutRequestId + ' · KES ' + p.amount + ' · ' + p.status + ' (' + p.resultCode + ')' + (p.receipt ? ' · ' + p.receipt : ''))));
}
refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
`;
