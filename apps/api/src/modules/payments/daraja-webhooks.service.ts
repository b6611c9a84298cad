import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { C2B_CONFIRMATION_ACK, C2B_REJECTION_CODES, c2bAccept, C2bPayment, c2bReject, C2bValidationResponse, parseC2bPayload, STK_CALLBACK_ACK } from '@wavu/daraja';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { toMinor } from '../../common/money';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { ProvidersService } from '../providers';
import { VouchersService } from '../vouchers';
import type { PaymentSettings } from './entities/payment-settings.entity';
import { WebhookKind } from './entities/webhook-log.entity';
import { decidePlatformValidation, purchasesMatchingPayer, REFERENCE_PATTERN } from './platform-c2b';
import { PaymentException } from './payments.exception';
import { PaymentsRepository } from './payments.repository';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { PaymentSettingsService, WebhookSecretMatch } from './payment-settings.service';
import { Applied, SettlementService } from './settlement.service';
import { StkCallbackGroups } from './stk-callback-groups';

/** C2B URLs are registered once: the previous secret is still theirs while the registered URLs carry it (own account only). */
const c2bSecretAllowed = ({ settings, version }: WebhookSecretMatch): boolean =>
  version === settings.callbackSecretVersion || (settings.mode === 'own_account' && settings.c2bSecretVersion === version);

const externalIdOf = (kind: WebhookKind, body: Record<string, unknown>): string | null => {
  if (kind === 'stk') {
    const id = ((body.Body as Record<string, unknown> | undefined)?.stkCallback as Record<string, unknown> | undefined)?.CheckoutRequestID;
    return typeof id === 'string' ? id.slice(0, 64) : null;
  }
  return typeof body.TransID === 'string' ? body.TransID.slice(0, 64) : null;
};

/** A platform C2B callback's outcome, with the provider its money went to (null: none could be found). */
export type Routed = Applied & { providerId: string | null };

const phoneMaskedOf = (p: C2bPayment): string | null => (p.msisdn.kind === 'masked' ? p.msisdn.masked.replace(/\s+/g, '').slice(0, 20) : p.msisdn.kind === 'hashed' ? 'hashed' : null);

/**
 * Daraja callbacks. The URL's provider + secret are checked first (constant time; wrong → 404,
 * nothing stored); then the raw body is logged; then it is processed. The answer is always the
 * documented acknowledgement once the log row exists.
 */
@Injectable()
export class DarajaWebhooksService {
  private readonly logger = new Logger(DarajaWebhooksService.name);

  constructor(
    private readonly repo: PaymentsRepository,
    private readonly webhookLogs: WebhookLogsRepository,
    private readonly settings: PaymentSettingsService,
    private readonly settlement: SettlementService,
    private readonly stkGroups: StkCallbackGroups,
    private readonly vouchers: VouchersService,
    private readonly providers: ProvidersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The paid-callback path (docs/mpesa.md "The paid-callback path"): the secret check reads the push
   * with its payment once; an echo of a callback already applied is logged finished in one
   * statement; anything else is applied by StkCallbackGroups: an ordinary success settled with the
   * other callbacks of its group, the rest logged raw and applied one by one.
   */
  async stkCallback(providerId: string, secret: string, body: Record<string, unknown>, sourceIp: string | null): Promise<typeof STK_CALLBACK_ACK> {
    const started = Date.now();
    const externalId = externalIdOf('stk', body);
    // the settings and the push in one read (nothing is written before the check passes)
    const { settings, push: known } = await this.repo.findSettingsAndPush(providerId, externalId);
    // a push is answered only with the secret its CallBackURL carried; an unknown one only with the current secret
    await this.authenticate(providerId, secret, sourceIp, (match) => match.version === (known?.stk.callbackSecretVersion ?? match.settings.callbackSecretVersion), settings);
    const echo = known ? this.settlement.settledEcho(known, body) : null;
    if (known && echo) {
      const finished = { outcome: echo.outcome, detail: echo.detail ?? '', durationMs: Date.now() - started, paymentId: known.payment.id, paymentReference: known.payment.paymentReference };
      await this.webhookLogs.insertWebhookLog({ providerId, kind: 'stk', body, sourceIp, externalId, finished });
      return STK_CALLBACK_ACK;
    }
    await this.stkGroups.apply({ providerId, body, sourceIp, externalId, started, push: known });
    return STK_CALLBACK_ACK;
  }

  async c2bValidation(providerId: string, secret: string, body: Record<string, unknown>, sourceIp: string | null): Promise<C2bValidationResponse> {
    const started = Date.now();
    await this.authenticate(providerId, secret, sourceIp, c2bSecretAllowed);
    const logId = await this.webhookLogs.insertWebhookLog({ providerId, kind: 'c2b_validation', body, sourceIp, externalId: externalIdOf('c2b_validation', body) });
    let answer: C2bValidationResponse;
    try {
      answer = await this.validate(providerId, body);
    } catch (error) {
      this.logger.error({ err: error, logId }, 'C2B validation failed');
      answer = c2bReject(C2B_REJECTION_CODES.OTHER_ERROR);
    }
    await this.webhookLogs.finishWebhookLog(logId, answer.ResultCode === '0' ? 'processed' : 'rejected', answer.ResultCode, Date.now() - started, body);
    return answer;
  }

  async c2bConfirmation(providerId: string, secret: string, body: Record<string, unknown>, sourceIp: string | null): Promise<typeof C2B_CONFIRMATION_ACK> {
    const started = Date.now();
    await this.authenticate(providerId, secret, sourceIp, c2bSecretAllowed);
    const logId = await this.webhookLogs.insertWebhookLog({ providerId, kind: 'c2b_confirmation', body, sourceIp, externalId: externalIdOf('c2b_confirmation', body) });
    await this.applyC2bConfirmationLog(logId, providerId, body, started);
    return C2B_CONFIRMATION_ACK;
  }

  /**
   * Applies a logged C2B confirmation and records the outcome on the log row. Daraja does not
   * resend confirmations, so the reconciliation job replays logs left `received` (the process died)
   * or `failed` through here; it is idempotent on the receipt.
   */
  async applyC2bConfirmationLog(logId: string, providerId: string, body: unknown, started = Date.now()): Promise<Applied> {
    let applied: Applied;
    try {
      applied = await this.confirm(providerId, body);
    } catch (error) {
      this.logger.error({ err: error, logId }, 'C2B confirmation processing failed (kept for the reconciliation job)');
      applied = { outcome: 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
    await this.webhookLogs.finishWebhookLog(logId, applied.outcome, applied.detail, Date.now() - started, body);
    return applied;
  }

  /**
   * The URL's secret must be one of the provider's (current or previous) and `allowed` for this
   * callback; the source IP must be allowlisted when a list is set. Anything else is a 404 and
   * nothing is stored.
   */
  private async authenticate(
    providerId: string,
    secret: string,
    sourceIp: string | null,
    allowed: (match: WebhookSecretMatch) => boolean | Promise<boolean>,
    settings?: PaymentSettings | null,
  ): Promise<void> {
    const ipOk = this.ipAllowed(sourceIp);
    const match = await this.settings.matchWebhookSecret(providerId, secret, settings);
    const secretOk = match !== null && (await allowed(match));
    if (!secretOk || !ipOk) {
      this.logger.warn({ providerId, ipAllowed: ipOk, staleSecret: match !== null && !secretOk }, 'Daraja webhook refused (unknown provider, wrong or replaced secret, or source IP)');
      throw PaymentException.webhookNotFound();
    }
  }

  private ipAllowed(sourceIp: string | null): boolean {
    const allow = this.config.payments.callbackIpAllowlist;
    return allow.length === 0 || (sourceIp !== null && allow.includes(sourceIp.replace(/^::ffff:/, '')));
  }

  /** The platform C2B URL's secret (constant time) and the source IP; platform collection must be configured. Anything else: 404, nothing stored. */
  private async authenticatePlatform(secret: string, sourceIp: string | null): Promise<void> {
    const ipOk = this.ipAllowed(sourceIp);
    const secretOk = (await this.settings.matchPlatformWebhookSecret(secret)) && this.config.payments.platform !== null;
    if (!secretOk || !ipOk) {
      this.logger.warn({ ipAllowed: ipOk }, 'Platform C2B webhook refused (wrong secret, platform collection off, or source IP)');
      throw PaymentException.webhookNotFound();
    }
  }

  /**
   * Accepts only a known, unpaid payment reference with the right amount, paid to this provider's
   * shortcode, while the provider is active: a suspended provider sells nothing (docs/product.md
   * §2b), so Safaricom is told to decline the payment. A confirmation that arrives anyway (money
   * already taken) is still applied: the ledger follows the money.
   */
  private async validate(providerId: string, body: unknown): Promise<C2bValidationResponse> {
    const parsed = parseC2bPayload(body);
    if (!parsed.ok) return c2bReject(C2B_REJECTION_CODES.OTHER_ERROR);
    const p = parsed.payment;
    if (!this.settings.ownShortcodes(await this.settings.row(providerId)).includes(p.businessShortCode)) return c2bReject(C2B_REJECTION_CODES.INVALID_SHORTCODE);
    if ((await this.providers.getSummary(providerId))?.status !== 'active') return c2bReject(C2B_REJECTION_CODES.OTHER_ERROR);
    const reference = p.billRefNumber.toUpperCase();
    if (!/^[A-Z0-9]{1,12}$/.test(reference)) return c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER);
    const voucher = await this.vouchers.findByPaymentReference(providerId, reference);
    if (!voucher || voucher.status !== 'available') return c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER);
    if (!Number.isInteger(p.amount) || toMinor(p.amount, 'KES') !== voucher.priceMinor) return c2bReject(C2B_REJECTION_CODES.INVALID_AMOUNT);
    return c2bAccept(reference);
  }

  /** Marks the reference's voucher sold (or settles the STK purchase waiting for it); idempotent on TransID. */
  private async confirm(providerId: string, body: unknown): Promise<Applied> {
    const parsed = parseC2bPayload(body);
    if (!parsed.ok) return { outcome: 'ignored', detail: parsed.reason };
    const p = parsed.payment;
    const settings = await this.settings.row(providerId);
    if (!this.settings.ownShortcodes(settings).includes(p.businessShortCode)) return { outcome: 'flagged', detail: `shortcode ${p.businessShortCode} is not this provider's` };
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      await this.lockReceipt(manager, p);
      if (await this.repo.findPaymentByReceipt(manager, p.businessShortCode, p.transId)) return { outcome: 'duplicate', detail: `receipt ${p.transId} already counted` };
      return this.applyReference(manager, providerId, settings, p, now, false);
    });
  }

  /** One receipt on one shortcode is applied by one transaction at a time (the same lock the statement lines take). */
  private async lockReceipt(manager: EntityManager, p: C2bPayment): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:receipt:${p.businessShortCode}:${p.transId}`]);
  }

  /**
   * Money with a provider's payment reference, under the receipt lock: settles the STK purchase
   * waiting for that reference (or fills in the receipt of one paid by STK Query), else sells the
   * reference's voucher; a wrong amount or a voucher gone is recorded as a flagged payment. On the
   * platform's shortcode (`platformOnly`) only the provider's platform-collected purchases on that
   * shortcode qualify.
   */
  private async applyReference(manager: EntityManager, providerId: string, settings: PaymentSettings, p: C2bPayment, now: Date, platformOnly: boolean): Promise<Applied> {
    const reference = p.billRefNumber.toUpperCase();
    const amountMinor = Number.isInteger(p.amount) ? toMinor(p.amount, 'KES') : -1;
    const found = REFERENCE_PATTERN.test(reference) ? await this.repo.findStkPurchaseForC2b(manager, providerId, reference) : null;
    const purchase = found && (!platformOnly || (found.collectionMode === 'platform' && found.shortcode === p.businessShortCode)) ? found : null;
    if (purchase) {
      // lock order as the STK path: push row, then payment
      await this.repo.lockStkForPayment(manager, purchase.id);
      const payment = (await this.repo.findPaymentForUpdate(manager, providerId, purchase.id))!;
      // the STK callback with this very receipt committed while we waited for the lock: Safaricom's echo of it
      if (payment.status === 'paid' && payment.receipt === p.transId) return { outcome: 'duplicate', detail: `receipt ${p.transId} already counted` };
      if (payment.status === 'paid' && !payment.receipt && payment.amountMinor === amountMinor) {
        // paid through STK Query (no receipt): this is Safaricom's C2B echo of that same payment
        await this.settlement.fillInReceipt(manager, payment.id, p.transId);
        return { outcome: 'duplicate', detail: 'receipt backfilled on the STK purchase it confirms' };
      }
      if (payment.status !== 'paid') {
        if (payment.amountMinor !== amountMinor) {
          await this.repo.updatePayment(manager, payment.id, { status: 'flagged', flagReason: `C2B amount ${p.amountText} differs from ${payment.amountMinor / 100}`, receipt: p.transId });
          return { outcome: 'flagged', detail: 'amount mismatch' };
        }
        const voucher = await this.settlement.settle(manager, payment, { receipt: p.transId, buyerPhone: payment.phone, now, via: 'c2b' });
        return { outcome: 'processed', detail: `STK purchase settled by C2B; voucher ${voucher?.id ?? 'none'}` };
      }
    }
    const voucher = REFERENCE_PATTERN.test(reference) ? await this.vouchers.findByPaymentReference(providerId, reference, manager) : null;
    if (!voucher) return { outcome: 'flagged', detail: `money received for unknown reference ${reference.slice(0, 20)}` };
    const collection = await this.settings.collectionOf(settings);
    const flag = voucher.priceMinor !== amountMinor ? `amount ${p.amountText} differs from the price` : voucher.status !== 'available' ? `reference already ${voucher.status}` : null;
    const { voucher: sold } = await this.settlement.recordReferencePayment(manager, {
      providerId,
      voucher,
      collection,
      shortcode: p.businessShortCode,
      receipt: p.transId,
      amountMinor: amountMinor < 0 ? 0 : amountMinor,
      phoneMasked: phoneMaskedOf(p),
      flag,
      via: 'c2b',
      now,
    });
    if (flag) return { outcome: 'flagged', detail: flag };
    return { outcome: 'processed', detail: `voucher ${sold?.id ?? 'none'}` };
  }

  // ---- the platform's own shortcode (docs/mpesa.md §7b) ----

  /** Validation on the platform's C2B URL: the reference decides the provider; logged first (routed to that provider when there is one). */
  async platformC2bValidation(secret: string, body: Record<string, unknown>, sourceIp: string | null): Promise<C2bValidationResponse> {
    const started = Date.now();
    await this.authenticatePlatform(secret, sourceIp);
    const logId = await this.webhookLogs.insertWebhookLog({ providerId: null, platform: true, kind: 'c2b_validation', body, sourceIp, externalId: externalIdOf('c2b_validation', body) });
    let answer: C2bValidationResponse;
    let routedTo: string | null = null;
    try {
      ({ answer, routedTo } = await this.validatePlatform(body));
    } catch (error) {
      this.logger.error({ err: error, logId }, 'Platform C2B validation failed');
      answer = c2bReject(C2B_REJECTION_CODES.OTHER_ERROR);
    }
    await this.webhookLogs.finishWebhookLog(logId, answer.ResultCode === '0' ? 'processed' : 'rejected', answer.ResultCode, Date.now() - started, body, routedTo);
    return answer;
  }

  async platformC2bConfirmation(secret: string, body: Record<string, unknown>, sourceIp: string | null): Promise<typeof C2B_CONFIRMATION_ACK> {
    const started = Date.now();
    await this.authenticatePlatform(secret, sourceIp);
    const logId = await this.webhookLogs.insertWebhookLog({ providerId: null, platform: true, kind: 'c2b_confirmation', body, sourceIp, externalId: externalIdOf('c2b_confirmation', body) });
    await this.applyPlatformC2bConfirmationLog(logId, body, started);
    return C2B_CONFIRMATION_ACK;
  }

  /** Applies a logged platform C2B confirmation (also the reconciliation job's replay); idempotent on the receipt. */
  async applyPlatformC2bConfirmationLog(logId: string, body: unknown, started = Date.now()): Promise<Routed> {
    let applied: Routed;
    try {
      applied = await this.confirmPlatform(body);
    } catch (error) {
      this.logger.error({ err: error, logId }, 'Platform C2B confirmation processing failed (kept for the reconciliation job)');
      applied = { outcome: 'failed', detail: error instanceof Error ? error.message : String(error), providerId: null };
    }
    if (applied.outcome === 'flagged' && !applied.providerId) this.logger.warn({ logId, detail: applied.detail }, 'Money on the platform shortcode reached no provider (Needs attention)');
    await this.webhookLogs.finishWebhookLog(logId, applied.outcome, applied.detail, Date.now() - started, body, applied.providerId);
    return applied;
  }

  private async validatePlatform(body: unknown): Promise<{ answer: C2bValidationResponse; routedTo: string | null }> {
    const parsed = parseC2bPayload(body);
    if (!parsed.ok) return { answer: c2bReject(C2B_REJECTION_CODES.OTHER_ERROR), routedTo: null };
    const p = parsed.payment;
    if (!this.settings.platformShortcodes().includes(p.businessShortCode)) return { answer: c2bReject(C2B_REJECTION_CODES.INVALID_SHORTCODE), routedTo: null };
    const reference = p.billRefNumber.toUpperCase();
    const voucher = REFERENCE_PATTERN.test(reference) ? await this.vouchers.findByPaymentReferenceAnyProvider(reference) : null;
    const mode = voucher ? (await this.settings.row(voucher.providerId)).mode : null;
    const provider = voucher && mode ? { mode, active: (await this.providers.getSummary(voucher.providerId))?.status === 'active' } : null;
    const answer = decidePlatformValidation(reference, p.amount, { voucher, provider });
    return { answer, routedTo: voucher && mode === 'platform' ? voucher.providerId : null };
  }

  /**
   * Money confirmed on the platform's shortcode. An account number that is a payment reference of a
   * provider collecting through the platform settles exactly as that provider's own C2B would (its
   * purchase or voucher; collection mode platform, so it counts toward its payout balance and the
   * commission). No account number: matched to exactly one open purchase by phone and amount. Anything
   * else is kept, flagged and unrouted, for Needs attention at platform level: the money was taken.
   */
  private async confirmPlatform(body: unknown): Promise<Routed> {
    const parsed = parseC2bPayload(body);
    if (!parsed.ok) return { outcome: 'ignored', detail: parsed.reason, providerId: null };
    const p = parsed.payment;
    if (!this.settings.platformShortcodes().includes(p.businessShortCode)) return { outcome: 'flagged', detail: `shortcode ${p.businessShortCode} is not the platform's`, providerId: null };
    const reference = p.billRefNumber.toUpperCase();
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      await this.lockReceipt(manager, p);
      const counted = await this.repo.findPaymentByReceipt(manager, p.businessShortCode, p.transId);
      if (counted) return { outcome: 'duplicate', detail: `receipt ${p.transId} already counted`, providerId: counted.providerId };
      if (reference === '') return this.matchByPayer(manager, p, now);
      if (!REFERENCE_PATTERN.test(reference)) return { outcome: 'flagged', detail: `money received for unknown reference ${reference.slice(0, 20)}`, providerId: null };
      const voucher = await this.vouchers.findByPaymentReferenceAnyProvider(reference, manager);
      if (!voucher) return { outcome: 'flagged', detail: `money received for unknown reference ${reference}`, providerId: null };
      const settings = await this.settings.row(voucher.providerId, manager);
      if (settings.mode !== 'platform') return { outcome: 'flagged', detail: `reference ${reference} belongs to a provider collecting on its own shortcode`, providerId: null };
      return { ...(await this.applyReference(manager, voucher.providerId, settings, p, now, true)), providerId: voucher.providerId };
    });
  }

  /**
   * A payment without an account number (a till, or a paybill left empty): settles the one open
   * STK purchase of a platform-collection provider on this shortcode with this amount whose phone the
   * payer's MSISDN matches, started within the give-up window (pending, or expired but still
   * answerable). None or several: nothing is settled (Needs attention).
   */
  private async matchByPayer(manager: EntityManager, p: C2bPayment, now: Date): Promise<Routed> {
    const amountMinor = Number.isInteger(p.amount) ? toMinor(p.amount, 'KES') : -1;
    const since = new Date(now.getTime() - this.config.payments.giveUpAfterSeconds * 1000);
    const open = amountMinor > 0 ? await this.repo.findOpenPlatformPurchases(manager, p.businessShortCode, amountMinor, since) : [];
    const matches = purchasesMatchingPayer(p.msisdn, open);
    if (matches.length !== 1) {
      const found = matches.length === 0 ? 'no open purchase' : `${matches.length} open purchases`;
      return { outcome: 'flagged', detail: `no account number: ${found} matches this phone and amount ${p.amountText}`, providerId: null };
    }
    const [candidate] = matches;
    // lock order as the STK path: push row, then payment; then check it is still open
    await this.repo.lockStkForPayment(manager, candidate.id);
    const payment = (await this.repo.findPaymentForUpdate(manager, candidate.providerId, candidate.id))!;
    if (payment.status !== 'pending' && payment.status !== 'expired') {
      return { outcome: 'flagged', detail: `no account number: the matching purchase is ${payment.status} already`, providerId: null };
    }
    const voucher = await this.settlement.settle(manager, payment, { receipt: p.transId, buyerPhone: payment.phone, now, via: 'c2b' });
    return { outcome: 'processed', detail: `open purchase matched by phone and amount, settled; voucher ${voucher?.id ?? 'none'}`, providerId: payment.providerId };
  }
}
