import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DARAJA_CLIENT, DarajaClient, DarajaCredentials, isDarajaError, OrgStatementLine, parseOrgStatement, StatementFormatError } from '@wavu/daraja';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { toWhole } from '../../common/money';
import { Page, PageQueryDto, mapPage } from '../../common/pagination/page';
import { maskMsisdn, normaliseMsisdn } from '../../common/phone';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { VouchersService } from '../vouchers';
import type { VoucherSummary } from '../vouchers';
import {
  ListStatementLinesQueryDto,
  mapStatementLine,
  mapStatementSource,
  mapStatementUpload,
  ReconciliationStatusDto,
  StatementLineDto,
  StatementSourceDto,
  StatementUploadDto,
  UploadStatementDto,
} from './dto/statement.dto';
import { Payment } from './entities/payment.entity';
import { StatementLineSource, StatementLineStatus } from './entities/statement-line.entity';
import { StatementCounts, UploadedLine } from './entities/statement-upload.entity';
import { PaymentErrorCode, PaymentException } from './payments.exception';
import { PaymentsRepository } from './payments.repository';
import { PaymentSettingsService } from './payment-settings.service';
import { SettlementService } from './settlement.service';
import { LineFacts, LineOutcome, StatementsRepository } from './statements.repository';

/** Who a statement belongs to: an own-account provider, or the platform (providerId null). */
export interface StatementScope {
  providerId: string | null;
}

/** Transaction types of customer payments in Pull results (settlement sweeps and the like are not). */
export function isCustomerPayment(transactionType: string): boolean {
  return transactionType.toLowerCase().startsWith('c2b');
}

const REFERENCE = /^[A-Z0-9]{1,12}$/;

/** A rolled-back dry run carries its answer out of the transaction. */
class DryRun<T> extends Error {
  constructor(readonly value: T) {
    super('dry run');
  }
}

function emptyCounts(): StatementCounts {
  return { lines: 0, settled: 0, recorded: 0, unmatched: 0, ignored: 0 };
}

/**
 * Statement reconciliation (docs/payments-reconciliation.md): lines a shortcode's statement shows
 * (from Pull Transactions or an uploaded org-portal statement) are matched by receipt, then by
 * payment reference + amount; a settled transaction we never recorded settles its purchase once
 * through the normal settlement path; what matches nothing stays an unmatched line.
 */
@Injectable()
export class StatementsService {
  private readonly logger = new Logger(StatementsService.name);

  constructor(
    private readonly repo: StatementsRepository,
    private readonly payments: PaymentsRepository,
    private readonly settlement: SettlementService,
    private readonly settings: PaymentSettingsService,
    private readonly vouchers: VouchersService,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(DARAJA_CLIENT) private readonly daraja: DarajaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ---- matching ------------------------------------------------------------------------

  /**
   * Applies one line in its own transaction, under the receipt lock C2B confirmations take, and
   * records it. Idempotent: a line seen again (overlapping pulls, a second upload, another
   * instance) finds its receipt already counted and settles nothing.
   */
  applyLine(line: LineFacts, source: StatementLineSource, uploadId: string | null, owner: string | null): Promise<LineOutcome> {
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:receipt:${line.shortcode}:${line.receipt}`]);
      const outcome = await this.matchLine(manager, line, owner);
      await this.repo.upsertLine(manager, line, source, uploadId, outcome);
      if (outcome.status === 'settled')
        this.logger.warn({ receipt: line.receipt, paymentId: outcome.paymentId, shortcode: line.shortcode }, 'payment settled from a statement line (its notifications were lost)');
      return outcome;
    });
  }

  /** What `applyLine` would do to each line, computed in one transaction that is rolled back. */
  async dryRun(lines: LineFacts[], owner: string | null): Promise<LineOutcome[]> {
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const outcomes: LineOutcome[] = [];
        for (const line of lines) outcomes.push(await this.matchLine(manager, line, owner));
        throw new DryRun(outcomes);
      });
    } catch (error) {
      if (error instanceof DryRun) return error.value as LineOutcome[];
      throw error;
    }
    return [];
  }

  private async matchLine(manager: EntityManager, line: LineFacts, owner: string | null): Promise<LineOutcome> {
    const result = (status: StatementLineStatus, detail: string | null, payment?: Pick<Payment, 'id' | 'providerId' | 'source'>): LineOutcome => ({
      status,
      detail,
      paymentId: payment?.id ?? null,
      providerId: payment?.providerId ?? owner,
      stk: payment?.source === 'stk',
    });
    if (!isCustomerPayment(line.transactionType)) return result('ignored', `not a customer payment (${line.transactionType})`);
    if (line.amountMinor <= 0) return result('ignored', 'no money paid in');
    const known = await this.payments.findPaymentByReceipt(manager, line.shortcode, line.receipt);
    if (known) return result('recorded', known.status === 'paid' ? `recorded (${known.settledVia ?? known.source})` : `recorded, ${known.status}: ${known.flagReason ?? ''}`.trim(), known);
    const reference = line.reference.trim().toUpperCase();
    if (!REFERENCE.test(reference)) return result('unmatched', reference ? `account number ${reference.slice(0, 20)} is not one of ours` : 'no account number');
    const facts = { ...line, reference };

    const purchase = await this.repo.findStkPurchaseForLine(manager, facts, owner);
    if (purchase) {
      // lock order as every STK path: push row, then payment
      const stk = await this.payments.lockStkForPayment(manager, purchase.id);
      const payment = await this.payments.findPaymentForUpdate(manager, purchase.providerId, purchase.id);
      if (!stk || !payment) return result('unmatched', 'purchase vanished while matching');
      if (payment.status === 'paid') {
        if (payment.receipt) return result('recorded', `recorded (${payment.settledVia ?? payment.source})`, payment);
        // paid through STK Query (no receipt): the statement names it
        await this.settlement.fillInReceipt(manager, payment.id, line.receipt);
        if (!stk.receipt) await this.payments.updateStk(manager, stk.id, { receipt: line.receipt });
        return result('recorded', 'receipt filled in on a purchase paid through STK Query', payment);
      }
      const applied = await this.settlement.applyStk(manager, stk, {
        kind: 'success',
        receipt: line.receipt,
        amount: toWhole(line.amountMinor, 'KES'),
        via: 'statement',
        paidAt: line.occurredAt ?? undefined,
      });
      const after = await this.payments.findPaymentForUpdate(manager, payment.providerId, payment.id);
      if (after?.status === 'paid' && after.receipt === line.receipt)
        return result(
          'settled',
          after.voucherId ? `purchase ${payment.paymentReference} settled, voucher issued` : `purchase ${payment.paymentReference} settled (no voucher could be issued: see the payment)`,
          payment,
        );
      return result('unmatched', `purchase ${payment.paymentReference} could not be settled: ${applied.detail ?? applied.outcome}`, payment);
    }

    // paid by hand with a voucher's reference, and the C2B confirmation never came: on a provider's own
    // paybill its voucher; on the platform's, the voucher of a provider collecting through the platform (docs/mpesa.md §7b)
    const { holder, voucher } = owner ? { holder: owner, voucher: await this.vouchers.findByPaymentReference(owner, reference, manager) } : await this.platformVoucher(manager, reference);
    if (holder && voucher) {
      if (voucher.status !== 'available') return result('unmatched', `reference ${reference} is already ${voucher.status}`);
      if (voucher.priceMinor !== line.amountMinor) return result('unmatched', `paid ${toWhole(line.amountMinor, 'KES')}, reference ${reference} costs ${voucher.price}`);
      const collection = await this.settings.collection(holder, manager);
      const { payment } = await this.settlement.recordReferencePayment(manager, {
        providerId: holder,
        voucher,
        collection,
        shortcode: line.shortcode,
        receipt: line.receipt,
        amountMinor: line.amountMinor,
        phoneMasked: line.phoneMasked,
        flag: null,
        via: 'statement',
        now: this.clock.now(),
        paidAt: line.occurredAt ?? undefined,
      });
      return result('settled', `paybill payment of voucher ${reference} settled, voucher sold`, payment);
    }
    return result('unmatched', `no purchase with reference ${reference} for ${toWhole(line.amountMinor, 'KES')}`);
  }

  /** The voucher a reference paid to the platform's shortcode is for: only a provider collecting through the platform's. */
  private async platformVoucher(manager: EntityManager, reference: string): Promise<{ holder: string | null; voucher: VoucherSummary | null }> {
    const found = await this.vouchers.findByPaymentReferenceAnyProvider(reference, manager);
    if (!found || (await this.settings.row(found.providerId, manager)).mode !== 'platform') return { holder: null, voucher: null };
    return { holder: found.providerId, voucher: found };
  }

  // ---- uploads -------------------------------------------------------------------------

  /** Parses an org-portal statement, previews what applying it would do (nothing written but the upload itself). */
  async upload(scope: StatementScope, dto: UploadStatementDto, actor: Principal, context: RequestContext): Promise<StatementUploadDto> {
    const shortcode = await this.shortcodeOf(scope);
    let parsed: ReturnType<typeof parseOrgStatement>;
    try {
      parsed = parseOrgStatement(dto.csv);
    } catch (error) {
      if (error instanceof StatementFormatError) throw new PaymentException(PaymentErrorCode.STATEMENT_UNREADABLE, `This is not an M-Pesa statement we can read: ${error.message}`);
      throw error;
    }
    if (parsed.shortCode && parsed.shortCode !== shortcode) {
      throw new PaymentException(PaymentErrorCode.STATEMENT_WRONG_SHORTCODE, `The statement is for shortcode ${parsed.shortCode}; payments here are collected on ${shortcode}`);
    }
    if (parsed.lines.length === 0)
      throw new PaymentException(PaymentErrorCode.STATEMENT_UNREADABLE, `The statement has no transactions${parsed.errors.length ? ` (${parsed.errors.length} unreadable rows)` : ''}`);
    const lines = parsed.lines.map(uploadedLine);
    const outcomes = await this.dryRun(
      lines.map((l) => factsOfUploaded(l, shortcode)),
      scope.providerId,
    );
    const preview = emptyCounts();
    lines.forEach((l, i) => {
      l.preview = outcomes[i].status;
      l.previewDetail = outcomes[i].detail;
      count(preview, outcomes[i].status);
    });
    const upload = await this.repo.insertUpload({
      providerId: scope.providerId,
      shortcode,
      // eslint-disable-next-line no-control-regex -- control characters are what this strips
      filename: dto.filename.replace(/[\u0000-\u001f]/g, '').slice(0, 200),
      periodFrom: parsed.periodFrom,
      periodTo: parsed.periodTo,
      status: 'previewed',
      lines,
      errors: parsed.errors.slice(0, 1000),
      preview,
      result: null,
      uploadedBy: actor.userId,
    });
    await this.audit.record({
      action: 'payments.statement_uploaded',
      actor,
      providerId: scope.providerId,
      target: { type: 'statement_upload', id: upload.id },
      context,
      metadata: { shortcode, lines: preview.lines, wouldSettle: preview.settled, unmatched: preview.unmatched },
    });
    return mapStatementUpload(upload, true);
  }

  /** Applies a previewed upload once: every line through `applyLine` (idempotent per receipt). */
  async applyUpload(scope: StatementScope, id: string, actor: Principal, context: RequestContext): Promise<StatementUploadDto> {
    const upload = await this.repo.findUpload(scope.providerId, id);
    if (!upload) throw new PaymentException(PaymentErrorCode.STATEMENT_UPLOAD_NOT_FOUND, 'Statement upload not found');
    if (!(await this.repo.claimUploadForApply(id)))
      throw new PaymentException(PaymentErrorCode.STATEMENT_ALREADY_APPLIED, upload.status === 'applied' ? 'This statement has already been applied' : 'This statement is being applied right now');
    const totals = emptyCounts();
    try {
      for (const line of upload.lines) {
        const outcome = await this.applyLine(factsOfUploaded(line, upload.shortcode), 'upload', upload.id, scope.providerId);
        line.applied = outcome.status;
        line.appliedDetail = outcome.detail;
        count(totals, outcome.status);
      }
    } catch (error) {
      await this.repo.releaseUploadClaim(id);
      throw error;
    }
    const at = this.clock.now();
    await this.repo.markUploadApplied(id, totals, upload.lines, at);
    await this.audit.record({ action: 'payments.statement_applied', actor, providerId: scope.providerId, target: { type: 'statement_upload', id }, context, metadata: { ...totals } });
    return mapStatementUpload({ ...upload, status: 'applied', result: totals, appliedAt: at }, true);
  }

  async getUpload(scope: StatementScope, id: string): Promise<StatementUploadDto> {
    const upload = await this.repo.findUpload(scope.providerId, id);
    if (!upload) throw new PaymentException(PaymentErrorCode.STATEMENT_UPLOAD_NOT_FOUND, 'Statement upload not found');
    return mapStatementUpload(upload, true);
  }

  async listUploads(scope: StatementScope, query: PageQueryDto): Promise<Page<StatementUploadDto>> {
    return mapPage(await this.repo.listUploads(scope.providerId, { limit: query.limit, cursor: query.cursor }), (u) => mapStatementUpload(u, false));
  }

  // ---- lines and sources ---------------------------------------------------------------

  /** A provider's lines; providerId null = every line on the platform (super admin). */
  async listLines(providerId: string | null, query: ListStatementLinesQueryDto & { shortcode?: string }): Promise<Page<StatementLineDto>> {
    const { limit, cursor, status, shortcode } = query;
    return mapPage(await this.repo.listLines(providerId, { status, shortcode }, { limit, cursor }), mapStatementLine);
  }

  async providerStatus(providerId: string): Promise<ReconciliationStatusDto> {
    const own = await this.shortcodeOf({ providerId }).catch(() => null);
    const source = await this.repo.findSourceForProvider(providerId);
    return { ownShortcode: own, source: source ? mapStatementSource(source) : null, unmatchedLines: await this.repo.countLines(providerId, 'unmatched') };
  }

  async listSources(): Promise<StatementSourceDto[]> {
    const sources = await this.repo.listSources();
    return Promise.all(sources.map(async (s) => mapStatementSource(s, s.providerId ? ((await this.providers.get(s.providerId).catch(() => null))?.businessName ?? null) : null)));
  }

  /**
   * Registers the scope's shortcode for Pull Transactions (one time at Safaricom; "already
   * registered" counts as done) and enables the pull job for it.
   */
  async registerPull(scope: StatementScope, nominatedNumber: string, actor: Principal, context: RequestContext): Promise<StatementSourceDto> {
    const msisdn = normaliseMsisdn(nominatedNumber);
    if (!msisdn) throw CommonException.validation([{ field: 'nominatedNumber', messages: ['nominatedNumber must be a Kenyan mobile number such as 0712 345 678'] }]);
    const shortcode = await this.shortcodeOf(scope);
    const taken = await this.repo.findSourceByShortcode(shortcode);
    if (taken && taken.providerId !== scope.providerId) throw new PaymentException(PaymentErrorCode.PULL_SHORTCODE_TAKEN, `Shortcode ${shortcode} is already reconciled by another account`);
    const credentials = await this.credentialsOf(scope);
    try {
      await this.daraja.registerPull(credentials, { shortCode: shortcode, nominatedNumber: msisdn, callbackUrl: `${this.config.payments.callbackBaseUrl}/api/v1/webhooks/daraja/pull-results` });
    } catch (error) {
      if (!isDarajaError(error)) throw error;
      this.logger.warn({ shortcode, code: error.code }, 'Pull registration refused');
      if (error.code === 'VALIDATION')
        throw CommonException.validation([{ field: error.field === 'NominatedNumber' ? 'nominatedNumber' : 'shortcode', messages: [`Daraja refused it: ${error.errorMessage ?? error.message}`] }]);
      if (error.retryable) throw new PaymentException(PaymentErrorCode.PAYMENT_GATEWAY_UNAVAILABLE, 'Daraja did not answer; try again in a minute');
      throw new PaymentException(PaymentErrorCode.PAYMENT_GATEWAY_REJECTED, `Daraja refused the Pull registration: ${error.errorMessage ?? error.message}`);
    }
    const source = await this.repo.saveSource({
      shortcode,
      providerId: scope.providerId,
      pullEnabled: true,
      nominatedNumber: msisdn,
      registeredAt: this.clock.now(),
      health: 'ok',
      noRecordsStreak: 0,
      lastError: null,
    });
    await this.audit.record({ action: 'payments.pull_registered', actor, providerId: scope.providerId, target: { type: 'statement_source', id: source.id }, context, metadata: { shortcode } });
    return mapStatementSource(source);
  }

  /** The shortcode a scope's statements are for: the platform's, or the provider's own (own-account only). */
  async shortcodeOf(scope: StatementScope): Promise<string> {
    if (!scope.providerId) {
      const platform = this.config.payments.platform;
      if (!platform) throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'Platform collection is not configured');
      return platform.shortcodeType === 'till' ? platform.tillNumber! : platform.shortcode;
    }
    const settings = await this.settings.row(scope.providerId);
    if (settings.mode !== 'own_account' || !settings.shortcode) {
      throw new PaymentException(PaymentErrorCode.STATEMENT_NOT_OWN_SHORTCODE, "Your payments are collected on the platform's shortcode: the platform reconciles that statement for you");
    }
    return settings.shortcodeType === 'till' ? settings.tillNumber! : settings.shortcode;
  }

  /** The Daraja app that owns a scope's shortcode (Pull must use the app that went live for it). */
  async credentialsOf(scope: StatementScope): Promise<DarajaCredentials> {
    if (!scope.providerId) {
      const platform = this.config.payments.platform;
      if (!platform) throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'Platform collection is not configured');
      return { environment: platform.environment, consumerKey: platform.consumerKey, consumerSecret: platform.consumerSecret };
    }
    return (await this.settings.collection(scope.providerId)).merchant;
  }
}

function count(counts: StatementCounts, status: StatementLineStatus): void {
  counts.lines++;
  counts[status]++;
}

/** A statement row as kept on the upload (money in only: withdrawals are kept but ignored). */
function uploadedLine(l: OrgStatementLine): UploadedLine {
  return {
    row: l.row,
    receipt: l.receipt,
    occurredAt: l.completedAt?.toISOString() ?? null,
    amountMinor: l.paidInMinor,
    withdrawnMinor: l.withdrawnMinor,
    status: l.status.slice(0, 40),
    reasonType: l.reasonType.slice(0, 60),
    reference: l.accountNumber.slice(0, 40),
    phoneMasked: maskParty(l.otherParty),
  };
}

/** "2547******678 - JOHN DOE" → "2547•••••678" (as payments show phones); never keeps a name. */
function maskParty(party: string): string | null {
  const digits = /^[0-9*]{6,15}/.exec(party.trim())?.[0];
  if (!digits) return null;
  return maskMsisdn(digits.length === 12 ? digits : `${digits.slice(0, 4)}00000${digits.slice(-3)}`);
}

/** An uploaded row as matching facts: a completed row with money paid in is a customer payment. */
function factsOfUploaded(l: UploadedLine, shortcode: string): LineFacts {
  const completed = /^completed$/i.test(l.status.trim());
  const payment = completed && l.amountMinor > 0 && l.withdrawnMinor === 0;
  return {
    shortcode,
    receipt: l.receipt,
    transactionType: payment ? `c2b-statement:${l.reasonType}` : `statement:${l.reasonType || l.status}`,
    amountMinor: l.amountMinor,
    reference: l.reference,
    phoneMasked: l.phoneMasked,
    occurredAt: l.occurredAt ? new Date(l.occurredAt) : null,
  };
}
