import './portal.css';
import { formatAmount } from '@/lib/money';
import { ApiError, captiveApi, type LoginCheck, type Plan, type Purchase, type RouterContext } from './api';
import { planFacts } from './format';
import { loginUrl, normalisePhone, readHotspotParams } from './hotspot';
import { dictionaries, fill, type Dict, type Lang } from './i18n';
import { CODE_LOGIN_ERRORS, loginErrorKind, loginErrorMessage, RETRYABLE_LOGIN_ERRORS, type LoginErrorKind } from './login-errors';

/**
 * The captive portal (docs/product.md §7): its own entry and bundle, no framework — a few DOM helpers,
 * so the first load stays far under 60 KB gzipped. Views: plans → phone → progress (90 s
 * countdown, a message per M-Pesa result code, retry) → success (code shown, the device
 * logged in through the router's link-login-only, then on to link-orig); "I have a voucher";
 * "Recover my purchase"; "temporarily unavailable" when the provider cannot sell. A login the
 * router refuses comes back here with its `error`: the portal asks the platform about the code
 * (which puts a missing code on the router at once) and says what happened in the customer's
 * language (docs/portal.md).
 */

type Child = Node | string | null | false | undefined;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

const WAIT_SECONDS = 90;
const POLL_MS = 2000;
const PENDING_KEY = 'wavu.portal.login';
/** automatic logins after one refusal (a code just put on the router, a stale CHAP challenge, a busy router) */
const MAX_AUTO_RETRIES = 2;
/** how long the success view waits for the platform's answer before logging in anyway */
const CHECK_WAIT_MS = 8000;

interface Pending {
  username: string;
  password: string;
  at: number;
  tries: number;
}
/** Why a login did not go through: the router's refusal, or what the platform said about the code. */
type Refusal = { kind: LoginErrorKind; raw: string } | { outcome: LoginCheck['outcome'] };

const routerId = location.pathname.split('/').filter(Boolean)[1] ?? '';
const hotspot = readHotspotParams(location.search);
const root = document.getElementById('portal')!;
let lang: Lang = localStorage.getItem('wavu.lang') === 'sw' ? 'sw' : 'en';
let t: Dict = dictionaries[lang];
let ctx: RouterContext | null = null;
let current: () => void = () => undefined;
let timers: number[] = [];
/** bumped by every show(): an answer that arrives after the customer moved on is dropped */
let generation = 0;

function clearTimers(): void {
  timers.forEach((id) => clearTimeout(id));
  timers = [];
}

function show(view: () => void): void {
  clearTimers();
  generation++;
  current = view;
  view();
}

function frame(...content: Child[]): void {
  const brand = ctx?.branding;
  root.replaceChildren(
    h(
      'header',
      { class: 'top' },
      brand?.logoUrl ? h('img', { src: brand.logoUrl, alt: '', class: 'logo', width: '40', height: '40' }) : null,
      h('h1', {}, brand?.name ?? 'WiFi'),
      h(
        'button',
        { type: 'button', class: 'lang', 'aria-label': lang === 'en' ? 'Badilisha lugha: Kiswahili' : 'Change language: English', onclick: toggleLang },
        lang === 'en' ? 'Kiswahili' : 'English',
      ),
    ),
    h('main', {}, ...content),
  );
}

function toggleLang(): void {
  lang = lang === 'en' ? 'sw' : 'en';
  t = dictionaries[lang];
  localStorage.setItem('wavu.lang', lang);
  document.documentElement.lang = lang;
  current();
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return t.rateLimited;
    if (err.code === 'CAPTIVE_PLAN_NOT_OFFERED') return t.notOffered;
    if (err.code === 'CAPTIVE_SALES_PAUSED') return t.pausedSub;
    if (err.code === 'PAYMENT_PENDING_FOR_PHONE') return t.pendingOther;
    if (err.code === 'CAPTIVE_PAYMENT_OPEN') return fill(t.paymentOpen, { s: err.retryAfter ?? WAIT_SECONDS });
    if (err.code === 'CAPTIVE_ROUTER_NOT_FOUND') return t.badLink;
    // the API's own words are English: in Swahili the generic message instead
    if (err.status >= 400 && err.status < 500 && err.code !== 'NOT_FOUND') return lang === 'en' ? err.message : t.error;
  }
  return t.error;
}

const alert = (text: string) => h('p', { role: 'alert', class: 'alert' }, text);

/** The customer's message for a refusal: always our own words (the router's text comes from the link). */
function refusalMessage(r: Refusal): { text: string; kind: string } {
  if ('outcome' in r) return { text: t.voucherBad[r.outcome] ?? t.loginCheck[r.outcome] ?? t.error, kind: r.outcome };
  return loginErrorMessage(r.raw, lang);
}

function refusalAlert(r: Refusal): Child[] {
  return [alert(refusalMessage(r).text)];
}

// ---- views ----

function viewLoading(): void {
  frame(h('p', { class: 'muted' }, t.loading));
}

function viewFatal(message: string): void {
  frame(alert(message), h('button', { type: 'button', onclick: () => void boot() }, t.tryAgain));
}

function footerLinks(): HTMLElement {
  return h(
    'nav',
    { class: 'links' },
    h('button', { type: 'button', class: 'link', onclick: () => show(viewVoucher) }, t.haveVoucher),
    h('button', { type: 'button', class: 'link', onclick: () => show(viewRecover) }, t.recover),
  );
}

function viewPlans(): void {
  if (!ctx) return;
  if (ctx.sales !== 'open') {
    frame(
      h('section', { class: 'card center', 'data-testid': 'sales-paused' }, h('h2', {}, t.paused), h('p', {}, t.pausedSub)),
      h('nav', { class: 'links' }, h('button', { type: 'button', class: 'link', onclick: () => show(viewVoucher) }, t.haveVoucher)),
    );
    return;
  }
  const list = h('ul', { class: 'plans', 'aria-label': t.choosePlan });
  for (const p of ctx.plans) {
    list.append(
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'plan', 'aria-label': `${p.name}, ${formatAmount(p.price, p.currency)}`, onclick: () => show(() => viewPhone(p)) },
          h('span', { class: 'plan-name' }, p.name),
          h('span', { class: 'plan-price' }, formatAmount(p.price, p.currency)),
          h('span', { class: 'plan-facts' }, planFacts(p, t)),
        ),
      ),
    );
  }
  const refused = loginErrorKind(hotspot.error);
  frame(...(refused ? refusalAlert({ kind: refused, raw: hotspot.error }) : []), h('h2', {}, t.choosePlan), ctx.plans.length ? list : h('p', {}, t.noPlans), footerLinks());
}

function viewPhone(plan: Plan, initialPhone = '', problem = ''): void {
  const input = h('input', { id: 'phone', name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel', placeholder: t.phoneHint, required: true, maxlength: '16', value: initialPhone });
  const err = h('p', { class: 'field-error', id: 'phone-error', 'aria-live': 'polite' }, problem);
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const phone = normalisePhone(input.value);
        if (!phone) {
          err.textContent = t.phoneInvalid;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        void startPurchase(plan, input.value, phone, submit, err);
      },
    },
    h('p', { class: 'chosen' }, h('strong', {}, plan.name), ` · ${formatAmount(plan.price, plan.currency)}`),
    h('label', { for: 'phone' }, t.phoneLabel),
    input,
    err,
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, fill(t.pay, { amount: formatAmount(plan.price, plan.currency) }));
  form.append(submit);
  input.setAttribute('aria-describedby', 'phone-error');
  frame(h('button', { type: 'button', class: 'link back', onclick: () => show(viewPlans) }, `← ${t.back}`), form);
  input.focus();
}

async function startPurchase(plan: Plan, typed: string, phone: string, button: HTMLButtonElement, err: HTMLElement): Promise<void> {
  button.disabled = true;
  try {
    const { token, ...purchase } = await captiveApi.startPurchase({ routerId, planId: plan.id, phone, ...(hotspot.mac ? { mac: hotspot.mac } : {}), ...(hotspot.ip ? { ip: hotspot.ip } : {}) });
    show(() => viewProgress(plan, typed, purchase, Date.now(), token));
  } catch (e) {
    button.disabled = false;
    err.textContent = errorText(e);
  }
}

/** `token`: the purchase's key, held only by this page (the API answers 404 without it). */
function viewProgress(plan: Plan, typed: string, purchase: Purchase, startedAt: number, token: string): void {
  if (purchase.status === 'paid' && purchase.voucher) return connectPaid(purchase.voucher.code, purchase.voucher.password);
  if (purchase.status !== 'pending') return show(() => viewFailed(plan, typed, purchase));
  const left = Math.max(0, WAIT_SECONDS - Math.floor((Date.now() - startedAt) / 1000));
  frame(
    h(
      'section',
      { class: 'card center', 'aria-busy': 'true', 'data-testid': 'progress' },
      h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      h('h2', {}, t.waiting),
      h('p', {}, fill(t.waitingSub, { amount: formatAmount(purchase.amount, purchase.currency), phone: purchase.phone ?? typed })),
      left > 0 ? h('p', { class: 'countdown', 'aria-live': 'off', 'data-testid': 'countdown' }, fill(t.secondsLeft, { s: left })) : h('p', { class: 'muted' }, t.stillWaiting),
      h('progress', { max: String(WAIT_SECONDS), value: String(left) }),
    ),
    left > 0 ? null : footerLinks(),
  );
  timers.push(
    window.setTimeout(
      () => {
        captiveApi
          .purchase(purchase.id, routerId, token)
          .then((next) => show(() => viewProgress(plan, typed, next, startedAt, token)))
          .catch(() => show(() => viewProgress(plan, typed, purchase, startedAt, token)));
      },
      Math.min(POLL_MS, 1000),
    ),
  );
}

function failureText(p: Purchase): string {
  if (p.status === 'expired') return t.codes.expired!;
  const code = p.resultCode ?? '';
  return t.codes[code] ?? (lang === 'en' && p.message ? p.message : fill(t.codes.other!, { code: code || '—' }));
}

function viewFailed(plan: Plan, typed: string, purchase: Purchase): void {
  const retry = h('button', { type: 'button', class: 'primary' }, t.tryAgain);
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  retry.addEventListener('click', () => {
    const phone = normalisePhone(typed);
    if (phone) void startPurchase(plan, typed, phone, retry, err);
  });
  frame(
    h(
      'section',
      { class: 'card center', 'data-testid': 'failed', 'data-result-code': purchase.resultCode ?? purchase.status },
      h('h2', {}, t.codes[purchase.resultCode ?? ''] ? '' : plan.name),
      alert(failureText(purchase)),
      retry,
      err,
      h('button', { type: 'button', class: 'link', onclick: () => show(() => viewPhone(plan, typed)) }, t.changeNumber),
    ),
    footerLinks(),
  );
}

function login(username: string, password: string, tries = 0): void {
  const url = loginUrl(hotspot, username, password);
  if (!url) return;
  const pending: Pending = { username, password, at: Date.now(), tries };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(url);
}

function viewSuccess(code: string, password: string): void {
  frame(
    h(
      'section',
      { class: 'card center', 'data-testid': 'success' },
      h('h2', {}, t.paid),
      h('p', {}, t.yourCode),
      h('p', { class: 'code', 'data-testid': 'voucher-code' }, code),
      password !== code ? h('p', {}, `${t.password}: `, h('strong', {}, password)) : null,
      hotspot.linkLoginOnly ? h('p', { class: 'muted' }, t.connecting) : null,
      hotspot.linkLoginOnly ? h('button', { type: 'button', class: 'primary', onclick: () => login(code, password) }, t.connect) : null,
    ),
  );
}

/**
 * Paid: shows the code, asks the platform whether it is on the router (a code paid a moment ago
 * is put there at once if the outbox has not done it yet) while the customer reads it, then logs
 * the device in. Without an answer in CHECK_WAIT_MS it logs in anyway: the router decides.
 */
function connectPaid(code: string, password: string): void {
  show(() => viewSuccess(code, password));
  if (!hotspot.linkLoginOnly) return;
  const gen = generation;
  let answer: LoginCheck | null | undefined;
  let shown = false;
  let done = false;
  const go = () => {
    if (done || gen !== generation || !shown || answer === undefined) return;
    done = true;
    if (answer && !answer.loginNow && answer.outcome !== 'router_unreachable' && answer.outcome !== 'not_on_router') {
      const refusal: Refusal = { outcome: answer.outcome };
      return show(() => viewLoginFailed({ username: code, password, at: Date.now(), tries: 0 }, refusal));
    }
    login(code, password);
  };
  // never rejects (the catch answers null); `void`: nothing waits for it, the timers below go on
  void captiveApi
    .loginCheck(routerId, code, hotspot.mac)
    .catch(() => null)
    .then((r) => {
      answer ??= r;
      go();
    });
  timers.push(window.setTimeout(() => ((shown = true), go()), 1500));
  timers.push(window.setTimeout(() => ((answer ??= null), go()), CHECK_WAIT_MS));
}

/** A short step while the portal talks to the platform or the router: branded, the code shown. */
function viewBusy(code: string, message: string): void {
  frame(
    h(
      'section',
      { class: 'card center', 'aria-busy': 'true', 'data-testid': 'connecting' },
      h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      h('p', { class: 'code', 'data-testid': 'voucher-code' }, code),
      h('p', { class: 'muted', role: 'status' }, message),
    ),
  );
}

function viewLoginFailed(p: Pending, refusal: Refusal): void {
  const m = refusalMessage(refusal);
  frame(
    h(
      'section',
      { class: 'card center', 'data-testid': 'login-failed', 'data-kind': m.kind },
      h('h2', {}, t.loginFailed),
      h('p', { class: 'code', 'data-testid': 'voucher-code' }, p.username),
      ...refusalAlert(refusal),
      hotspot.linkLoginOnly ? h('button', { type: 'button', class: 'primary', onclick: () => login(p.username, p.password) }, t.tryAgain) : null,
    ),
    h(
      'nav',
      { class: 'links' },
      ctx?.sales === 'open' ? h('button', { type: 'button', class: 'link', onclick: () => show(viewPlans) }, t.choosePlan) : null,
      h('button', { type: 'button', class: 'link', onclick: () => show(viewVoucher) }, t.haveVoucher),
    ),
  );
}

/**
 * Back from the router after a login it refused (its `error` in the URL, our pending login in
 * sessionStorage). A busy router or a stale CHAP challenge: log in again at once. A refusal
 * that may be about the code: ask the platform — a code it wants here but the router lacks is
 * put there and the login retried at once; an unknown, expired or disabled code is said so at
 * once. Anything else: the router's reason, in the customer's language.
 */
async function afterRefusal(p: Pending): Promise<void> {
  sessionStorage.removeItem(PENDING_KEY);
  const kind = loginErrorKind(hotspot.error) ?? 'unknown';
  const routerSaid: Refusal = { kind, raw: hotspot.error };
  const canRetry = p.tries < MAX_AUTO_RETRIES && Boolean(hotspot.linkLoginOnly);
  if (canRetry && RETRYABLE_LOGIN_ERRORS.has(kind) && kind !== 'radius_timeout') {
    show(() => viewBusy(p.username, t.retrying));
    timers.push(window.setTimeout(() => login(p.username, p.password, p.tries + 1), kind === 'authorizing' ? 2000 : 0));
    return;
  }
  if (CODE_LOGIN_ERRORS.has(kind)) {
    show(() => viewBusy(p.username, t.checking));
    const gen = generation;
    const check = await captiveApi.loginCheck(routerId, p.username, hotspot.mac).catch(() => null);
    if (gen !== generation) return;
    if (check?.outcome === 'restored' && canRetry) {
      show(() => viewBusy(p.username, t.restored));
      return login(p.username, p.password, p.tries + 1);
    }
    if (check && !check.loginNow && check.outcome !== 'router_unreachable') return show(() => viewLoginFailed(p, { outcome: check.outcome }));
  }
  show(() => viewLoginFailed(p, routerSaid));
}

function viewVoucher(): void {
  const code = h('input', { id: 'code', name: 'username', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, maxlength: '32' });
  const pass = h('input', { id: 'vpass', name: 'password', type: 'password', autocomplete: 'off', maxlength: '64' });
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t.useVoucher);
  // a real form to link-login-only: without the check it is the router's own PAP login
  const form = h(
    'form',
    { class: 'card', method: 'get', action: hotspot.linkLoginOnly || '#', novalidate: true },
    hotspot.linkOrig ? h('input', { type: 'hidden', name: 'dst', value: hotspot.linkOrig }) : null,
    h('label', { for: 'code' }, t.voucherLabel),
    code,
    h('label', { for: 'vpass' }, t.voucherPassword),
    pass,
    err,
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = code.value.trim().toUpperCase();
    if (!/^[A-Z0-9-]{4,32}$/.test(value)) {
      err.textContent = t.voucherBad.not_found!;
      return;
    }
    submit.disabled = true;
    // asks the platform first: says at once when the code cannot work here, and puts a good
    // code the router lacks on the router before the device logs in
    captiveApi
      .loginCheck(routerId, value, hotspot.mac)
      .then((r) => {
        if (!r.loginNow && r.outcome !== 'router_unreachable') {
          submit.disabled = false;
          err.textContent = refusalMessage({ outcome: r.outcome }).text;
          return;
        }
        login(value, pass.value || value);
      })
      .catch((x: unknown) => {
        submit.disabled = false;
        err.textContent = errorText(x);
      });
  });
  frame(h('button', { type: 'button', class: 'link back', onclick: () => show(viewPlans) }, `← ${t.back}`), h('h2', {}, t.haveVoucher), form);
  code.focus();
}

/** "Recover my purchase": by SMS to the paying phone (when the hotspot texts), by M-Pesa receipt, or by phone + amount + day from this device. */
function viewRecover(mode: 'sms' | 'receipt' | 'phone' = 'receipt'): void {
  if (mode === 'sms') return viewRecoverBySms();
  const byPhone = mode === 'phone';
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const results = h('div', { 'data-testid': 'recovered' });
  const receipt = h('input', { id: 'receipt', autocapitalize: 'characters', autocomplete: 'off', maxlength: '10', spellcheck: 'false' });
  const phone = h('input', { id: 'rphone', type: 'tel', inputmode: 'tel', maxlength: '16', placeholder: t.phoneHint });
  const amount = h('input', { id: 'ramount', type: 'number', inputmode: 'numeric', min: '1', step: '1' });
  const day = h('input', { id: 'rday', type: 'date', value: new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10) });
  const submit = h('button', { type: 'submit', class: 'primary' }, t.find);
  // by phone only from the device that paid: the router's link names it (its MAC)
  const fields = byPhone
    ? [
        h('p', { class: 'muted', 'data-testid': 'this-device-only' }, t.phoneThisDevice),
        h('label', { for: 'rphone' }, t.phoneLabel),
        phone,
        h('label', { for: 'ramount' }, t.amountLabel),
        amount,
        h('label', { for: 'rday' }, t.dayLabel),
        day,
      ]
    : [h('label', { for: 'receipt' }, t.receiptLabel), receipt];
  const form = byPhone && !hotspot.mac ? h('p', { class: 'card', 'data-testid': 'this-device-only' }, t.noPhoneHere) : h('form', { class: 'card', novalidate: true }, ...fields, err, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    err.textContent = '';
    let body: Parameters<typeof captiveApi.recover>[0];
    if (byPhone) {
      const msisdn = normalisePhone(phone.value);
      if (!msisdn) return void (err.textContent = t.phoneInvalid);
      body = { routerId, phone: msisdn, amount: Number(amount.value), day: day.value, mac: hotspot.mac };
    } else {
      const value = receipt.value.trim().toUpperCase();
      if (!/^[A-Z0-9]{10}$/.test(value)) return void (err.textContent = t.nothingFound);
      body = { routerId, receipt: value };
    }
    submit.disabled = true;
    captiveApi
      .recover(body)
      .then((r) => {
        submit.disabled = false;
        const paid = r.purchases.filter((p) => p.voucher);
        results.replaceChildren(
          ...(paid.length
            ? paid.map((p) =>
                h(
                  'div',
                  { class: 'card center' },
                  h('p', {}, `${p.planName} · ${formatAmount(p.amount, p.currency)}${p.receipt ? ` · ${p.receipt}` : ''}`),
                  h('p', { class: 'code', 'data-testid': 'voucher-code' }, p.voucher!.code),
                  hotspot.linkLoginOnly ? h('button', { type: 'button', class: 'primary', onclick: () => login(p.voucher!.code, p.voucher!.password) }, t.connect) : null,
                ),
              )
            : [alert(t.nothingFound)]),
        );
      })
      .catch((x: unknown) => {
        submit.disabled = false;
        err.textContent = errorText(x);
      });
  });
  frame(
    h('button', { type: 'button', class: 'link back', onclick: () => show(viewPlans) }, `← ${t.back}`),
    h('h2', {}, t.recover),
    form,
    ctx?.smsRecovery ? h('button', { type: 'button', class: 'link', onclick: () => show(() => viewRecover('sms')) }, t.bySms) : null,
    h('button', { type: 'button', class: 'link', onclick: () => show(() => viewRecover(byPhone ? 'receipt' : 'phone')) }, byPhone ? t.receiptLabel : t.orPhone),
    results,
  );
}

function viewRecoverBySms(): void {
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const done = h('div', { 'aria-live': 'polite' });
  const phone = h('input', { id: 'sphone', type: 'tel', inputmode: 'tel', maxlength: '16', autocomplete: 'tel', placeholder: t.phoneHint });
  const submit = h('button', { type: 'submit', class: 'primary' }, t.smsSend);
  const form = h('form', { class: 'card', novalidate: true }, h('p', { class: 'muted' }, t.smsIntro), h('label', { for: 'sphone' }, t.phoneLabel), phone, err, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    err.textContent = '';
    const msisdn = normalisePhone(phone.value);
    if (!msisdn) return void (err.textContent = t.phoneInvalid);
    submit.disabled = true;
    captiveApi
      .recoverBySms(routerId, msisdn, hotspot.mac)
      .then(() => {
        submit.disabled = false;
        done.replaceChildren(h('p', { class: 'card center', 'data-testid': 'sms-sent' }, t.smsSent));
      })
      .catch((x: unknown) => {
        submit.disabled = false;
        err.textContent = errorText(x);
      });
  });
  frame(
    h('button', { type: 'button', class: 'link back', onclick: () => show(viewPlans) }, `← ${t.back}`),
    h('h2', {}, t.recover),
    form,
    done,
    h('button', { type: 'button', class: 'link', onclick: () => show(() => viewRecover('receipt')) }, t.receiptLabel),
  );
  phone.focus();
}

// ---- start ----

function readPending(): Pending | null {
  try {
    const p = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Partial<Pending> | null;
    return p && typeof p.username === 'string' && typeof p.password === 'string' ? { username: p.username, password: p.password, at: Number(p.at) || 0, tries: Number(p.tries) || 0 } : null;
  } catch {
    return null;
  }
}

async function boot(): Promise<void> {
  document.documentElement.lang = lang;
  show(viewLoading);
  try {
    ctx = await captiveApi.router(routerId);
  } catch (e) {
    show(() => viewFatal(errorText(e)));
    return;
  }
  if (ctx.branding.accentColor) document.documentElement.style.setProperty('--accent', ctx.branding.accentColor);
  document.title = ctx.branding.name;
  // back from the router after a login attempt it refused
  const pending = readPending();
  if (pending && hotspot.error && Date.now() - pending.at < 180_000) return afterRefusal(pending);
  sessionStorage.removeItem(PENDING_KEY);
  show(viewPlans);
}

void boot();
