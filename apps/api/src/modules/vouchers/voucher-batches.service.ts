import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { formatMoney, toWhole } from '../../common/money';
import { Page, PageQueryDto } from '../../common/pagination/page';
import { startOfNairobiMonth } from '../../common/time';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { JobQueue } from '../jobs';
import { PlanSnapshot, PlansService } from '../plans';
import { decodeLogo, ProvidersService } from '../providers';
import { BatchOnRouterDto, BatchRouterProgressDto, CreateBatchDto, mapBatch, PrintLayout, VoucherBatchDto, VoucherFilterQueryDto } from './dto/voucher.dto';
import { BatchRouterSync, VoucherBatch } from './entities/voucher-batch.entity';
import { Voucher } from './entities/voucher.entity';
import { CODE_SPACE_FACTOR, codeSpace, CodeOptions, VoucherCodeGenerator } from './voucher-codes';
import { toCsv } from './voucher-csv';
import { expiryAtGeneration } from './voucher-expiry';
import { describeValidity, PrintCard, renderVoucherPdf } from './voucher-print';
import { hotspotLoginUrl, hotspotUserFor, VoucherRouters } from './voucher-routers';
import { VoucherErrorCode, VoucherException } from './vouchers.exception';
import { VoucherInsertCommon, VoucherInsertRow, VouchersRepository } from './vouchers.repository';
import { snapshotColumns } from './voucher-sales.service';
import { VoucherStatus } from './voucher-status';
import { SubscriptionsService } from '../subscriptions';
import { CustomerSmsService } from '../sms';
import { CommonException } from '../../common/errors/app-exception';
import { maskMsisdn } from '../../common/phone';

/** Rows per insert statement and per progress update. */
const CHUNK = 2500;
/** Retry rounds for rows whose code or reference was taken. */
const CONFLICT_ROUNDS = 10;
const EXPORT_LIMIT = 100_000;
const STALE_AFTER_MS = 10 * 60_000;
/** The queue batch generation runs on (docs/architecture.md "Background work"). */
const BATCH_QUEUE = 'voucher-batch-generate';
/** Vouchers that should be on their routers (a disabled, expired or refunded one is not pushed again). */
const USABLE: VoucherStatus[] = ['available', 'sold', 'in_use'];

export interface GenerationStats {
  inserted: number;
  /** rows that hit the unique constraint and were retried with new values */
  conflictsRetried: number;
}

/**
 * Refuses a batch that would leave fewer than CODE_SPACE_FACTOR possible codes per live code of
 * its format (docs/portal.md "Guessing codes"), suggesting longer or mixed codes.
 */
function assertCodeSpace(options: CodeOptions, live: number, quantity: number): void {
  const space = codeSpace(options);
  if (space >= (live + quantity) * CODE_SPACE_FACTOR) return;
  const room = Math.max(0, Math.floor(space / CODE_SPACE_FACTOR) - live);
  const kind = options.alphabet === 'mixed' ? 'digits and letters' : options.alphabet;
  throw new VoucherException(
    VoucherErrorCode.VOUCHER_CODE_SPACE_TOO_SMALL,
    `Codes of ${options.length} ${kind} would be too easy to guess: use longer codes${options.alphabet === 'mixed' ? '' : ' or digits and letters (mixed)'}`,
    [
      {
        field: 'codeLength',
        messages: [
          `${options.length} ${kind} allow ${room} more live codes (${live} live now; every live code needs ${CODE_SPACE_FACTOR.toLocaleString('en')} possible ones): choose longer codes${options.alphabet === 'mixed' ? '' : ' or the mixed alphabet'}`,
        ],
      },
    ],
  );
}

/**
 * Batch generation (bulk insert + retry on conflict, progress) as a job on the durable queue,
 * resumable after a crash; router push, export and print.
 */
@Injectable()
export class VoucherBatchesService {
  private readonly logger = new Logger(VoucherBatchesService.name);

  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly plans: PlansService,
    private readonly providers: ProvidersService,
    private readonly routers: VoucherRouters,
    private readonly codes: VoucherCodeGenerator,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
    private readonly customerSms: CustomerSmsService,
    private readonly queue: JobQueue,
  ) {
    queue.define<{ batchId: string }>(BATCH_QUEUE, {
      concurrency: 2,
      run: (job) => this.runJob(job.data.batchId),
      exhausted: (data, reason) => this.giveUp(data.batchId, reason),
    });
  }

  /**
   * Records the batch and queues the writing of its vouchers, in one transaction (progress
   * through `get`). `wait: true` returns only once the batch is complete (seed, bench, tests).
   */
  async create(providerId: string, dto: CreateBatchDto, actor: Principal | null, context?: RequestContext, options: { wait?: boolean } = {}): Promise<VoucherBatchDto> {
    const plan = await this.plans.getSnapshot(providerId, dto.planId);
    if (plan.status !== 'active')
      throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_ARCHIVED, 'This plan is archived; restore it to generate vouchers', [{ field: 'planId', messages: ['the plan is archived'] }]);
    const phones = dto.phones ?? null;
    if (phones) {
      if (phones.length !== dto.quantity)
        throw CommonException.validation([{ field: 'phones', messages: [`one voucher per phone: quantity (${dto.quantity}) must equal the number of phones (${phones.length})`] }]);
      const repeated = phones.filter((p, i) => phones.indexOf(p) !== i);
      if (repeated.length) throw CommonException.validation([{ field: 'phones', messages: [`${repeated.length} phone number(s) appear more than once, e.g. ${maskMsisdn(repeated[0])}`] }]);
      await this.customerSms.requireAvailable(providerId);
    }
    const codeOptions: CodeOptions = { length: dto.codeLength ?? 8, alphabet: dto.alphabet ?? 'mixed', prefix: dto.prefix };
    assertCodeSpace(codeOptions, 0, dto.quantity);
    if (dto.routerId) {
      await this.routers.api.requireRouters(providerId, [dto.routerId]);
      if (!(await this.plans.routerIdsFor(plan)).includes(dto.routerId)) {
        throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'That router does not offer this plan', [{ field: 'routerId', messages: ['the plan is not offered on this router'] }]);
      }
    }
    const offeredOn = await this.routers.routerIdsFor(providerId, dto.routerId ?? null, plan);
    if (dto.pushToRouter && offeredOn.length === 0) {
      throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'No router offers this plan, so there is nothing to push to', [
        { field: 'pushToRouter', messages: ['no router offers this plan'] },
      ]);
    }
    // printed cards only work once their users are on the router: push unless told not to
    const pushToRouter = dto.pushToRouter ?? offeredOn.length > 0;
    const batch = await inTransaction(this.dataSource, async (manager) => {
      // one batch at a time per provider counts and adds live codes, so two cannot both fit
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:voucher-space:${providerId}`]);
      assertCodeSpace(codeOptions, await this.vouchers.liveCodesOfFormat(manager, providerId, codeOptions, this.clock.now()), dto.quantity);
      const usedThisMonth = await this.vouchers.batchQuantitySince(manager, providerId, startOfNairobiMonth(this.clock.now()));
      await this.subscriptions.assertWithinLimit(providerId, 'vouchers_per_month', { current: usedThisMonth, adding: dto.quantity }, manager); // plan limit (PLAN_LIMIT_REACHED)
      const created = await this.vouchers.createBatch(manager, {
        providerId,
        planId: plan.id,
        planName: plan.name,
        quantity: dto.quantity,
        generated: 0,
        status: 'generating',
        codeLength: codeOptions.length,
        alphabet: codeOptions.alphabet,
        prefix: dto.prefix ?? null,
        separatePassword: dto.separatePassword ?? false,
        routerId: dto.routerId ?? null,
        pushToRouter,
        routerSyncs: [],
        label: dto.label ?? null,
        createdByUserId: actor?.userId ?? null,
        phones,
      });
      await this.audit.record(
        {
          action: 'voucher_batch.created',
          actor,
          providerId,
          target: { type: 'voucher_batch', id: created.id },
          context,
          metadata: { planId: plan.id, quantity: dto.quantity, pushToRouter: created.pushToRouter, smsRecipients: phones?.length ?? 0 },
        },
        manager,
      );
      await this.queue.send(manager, BATCH_QUEUE, { batchId: created.id }, created.id);
      return created;
    });
    this.queue.notify(BATCH_QUEUE);
    if (options.wait) await this.settled(batch.id);
    return this.get(providerId, batch.id);
  }

  /** Resolves when the batch's generation (or every batch's) has left the queue, on whichever instance ran it (tests, bench). */
  async settled(batchId?: string): Promise<void> {
    await this.queue.settled([BATCH_QUEUE], batchId);
  }

  /** One attempt of a queued generation: a batch no longer generating (done, or failed for good) is left alone. */
  private async runJob(batchId: string): Promise<void> {
    const batch = await this.vouchers.findBatchById(batchId);
    if (!batch || batch.status !== 'generating') return;
    const plan = (await this.plans.getSnapshots(batch.providerId, [batch.planId]))[0];
    if (!plan) {
      await this.fail(batch.providerId, batch.id, 'The plan was removed');
      return;
    }
    await this.generate(batch, plan);
  }

  /** The queue gave up on a generation (every attempt's instance died): fail the batch, as a failed generation does. */
  private async giveUp(batchId: string, reason: string): Promise<void> {
    const batch = await this.vouchers.findBatchById(batchId);
    if (!batch || batch.status !== 'generating') return;
    await this.fail(batch.providerId, batch.id, `Generation could not finish (${reason}); generate a new batch`);
  }

  async get(providerId: string, id: string): Promise<VoucherBatchDto> {
    const batch = await this.vouchers.findBatch(providerId, id);
    if (!batch) throw VoucherException.batchNotFound();
    const [progress, onRouters] = await Promise.all([this.routerProgress(providerId, batch.routerSyncs), batch.status === 'ready' ? this.onRouters(batch) : Promise.resolve([])]);
    return mapBatch(batch, progress, onRouters);
  }

  /**
   * Puts the batch's usable vouchers (available, sold, in use) on its routers now: for a batch
   * generated without the push, or after a push the router refused. Runs like the push at
   * generation (profiles, then the users pipelined) and is followed on the batch page.
   */
  async pushBatch(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<VoucherBatchDto> {
    const batch = await this.readyBatch(providerId, id);
    const plan = (await this.plans.getSnapshots(providerId, [batch.planId]))[0] ?? null;
    if (!plan || (await this.routers.routerIdsFor(providerId, batch.routerId, plan)).length === 0) {
      throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'No router offers this plan, so there is nothing to push to');
    }
    if ((await this.routerProgress(providerId, batch.routerSyncs)).some((r) => r.status === 'queued' || r.status === 'running')) {
      throw new VoucherException(VoucherErrorCode.VOUCHER_BATCH_NOT_READY, 'This batch is being pushed already');
    }
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (manager) => {
      await this.vouchers.markBatchPushed(manager, providerId, id, USABLE, now);
      await this.vouchers.updateBatch(id, { pushToRouter: true }, manager);
      await this.audit.record(
        { action: 'voucher_batch.pushed', actor, providerId, target: { type: 'voucher_batch', id }, context, metadata: { label: batch.label, planName: batch.planName } },
        manager,
      );
    });
    const routerSyncs = await this.push(batch, plan, USABLE);
    await this.vouchers.updateBatch(id, { routerSyncs });
    return this.get(providerId, id);
  }

  /** Per router of the batch: its usable vouchers, how many were pushed, how many the router confirmed. */
  private async onRouters(batch: VoucherBatch): Promise<BatchOnRouterDto[]> {
    const plan = (await this.plans.getSnapshots(batch.providerId, [batch.planId]))[0] ?? null;
    const routerIds = await this.routers.routerIdsFor(batch.providerId, batch.routerId, plan);
    if (routerIds.length === 0) return [];
    const usable = (await this.vouchers.batchVouchers(batch.providerId, batch.id)).filter((v) => USABLE.includes(v.status));
    const [confirmation, summaries] = await Promise.all([
      this.routers.api.confirmation(
        batch.providerId,
        routerIds,
        usable.map((v) => v.code),
      ),
      this.routers.summaries(batch.providerId, routerIds),
    ]);
    return summaries.map((r) => ({ routerId: r.id, routerName: r.name, usable: usable.length, pushed: confirmation.get(r.id)?.wanted ?? 0, confirmed: confirmation.get(r.id)?.confirmed ?? 0 }));
  }

  async list(providerId: string, page: PageQueryDto): Promise<Page<VoucherBatchDto>> {
    const result = await this.vouchers.listBatches(providerId, page);
    // per batch: its pushes (the list's badge); what routers confirmed is on the batch itself
    const items = await Promise.all(result.items.map(async (b) => mapBatch(b, await this.routerProgress(providerId, b.routerSyncs))));
    return { items, nextCursor: result.nextCursor };
  }

  /**
   * Writes the batch's vouchers in chunks (one transaction each, progress after each), from the
   * first chunk not written yet: an attempt after a crash resumes where the last one committed
   * (`generated` is written in each chunk's transaction), so no voucher is made twice. On a
   * failure removes what was written and marks the batch failed. Then pushes to the routers.
   */
  private async generate(batch: VoucherBatch, plan: PlanSnapshot): Promise<GenerationStats | null> {
    const stats: GenerationStats = { inserted: 0, conflictsRetried: 0 };
    const now = this.clock.now();
    const common: VoucherInsertCommon = {
      ...snapshotColumns(plan),
      providerId: batch.providerId,
      batchId: batch.id,
      routerId: batch.routerId,
      status: 'available',
      expiresAt: expiryAtGeneration(plan.activationExpiryDays, now),
      pushedAt: batch.pushToRouter ? now : null,
    };
    const options: CodeOptions = { length: batch.codeLength, alphabet: batch.alphabet, prefix: batch.prefix ?? undefined };
    try {
      for (let offset = batch.generated; offset < batch.quantity; offset += CHUNK) {
        const n = Math.min(CHUNK, batch.quantity - offset);
        await inTransaction(this.dataSource, async (manager) => {
          const rows = this.newRows(n, options, batch.separatePassword).map((r, i) => ({ ...r, seq: offset + i + 1 }));
          const chunk = await this.insertWithRetry(manager, common, rows, options, batch.separatePassword);
          stats.inserted += chunk.inserted;
          stats.conflictsRetried += chunk.conflictsRetried;
          if (batch.phones) await this.textChunk(manager, batch, offset + 1, offset + n);
          await this.vouchers.updateBatch(batch.id, { generated: offset + n }, manager);
        });
      }
      const routerSyncs = batch.pushToRouter ? await this.push(batch, plan, ['available']) : [];
      await this.vouchers.updateBatch(batch.id, { status: 'ready', routerSyncs, completedAt: this.clock.now() });
      if (stats.conflictsRetried) this.logger.log(`Batch ${batch.id}: ${stats.conflictsRetried} code conflicts retried`);
      return stats;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, batchId: batch.id }, 'Voucher batch generation failed');
      await this.fail(batch.providerId, batch.id, message);
      return null;
    }
  }

  /**
   * A batch generated for phone numbers: the vouchers of this chunk (batch_seq from..to) get their
   * phone (voucher n ↔ phone n) and an SMS with the code, in the chunk's transaction.
   */
  private async textChunk(manager: EntityManager, batch: VoucherBatch, fromSeq: number, toSeq: number): Promise<void> {
    const phones = batch.phones!;
    const vouchers = await this.vouchers.batchSeqRange(manager, batch.id, fromSeq, toSeq);
    const items = vouchers.map((v) => ({ phone: phones[v.batchSeq! - 1], voucher: { id: v.id, code: v.code, password: v.password, planName: v.planName } }));
    await this.vouchers.assignBuyerPhones(
      manager,
      items.map((i) => ({ id: i.voucher.id, phone: i.phone })),
    );
    await this.customerSms.batchGenerated(manager, batch.providerId, items);
  }

  /**
   * Inserts rows; those skipped by ON CONFLICT (code or reference taken) get new values and
   * go again — never dropped. Fails after CONFLICT_ROUNDS rounds with rows still conflicting.
   */
  async insertWithRetry(manager: EntityManager, common: VoucherInsertCommon, rows: VoucherInsertRow[], options: CodeOptions, separatePassword: boolean): Promise<GenerationStats> {
    const stats: GenerationStats = { inserted: 0, conflictsRetried: 0 };
    let pending = rows;
    for (let round = 0; round < CONFLICT_ROUNDS && pending.length; round++) {
      const written = await this.vouchers.insertMany(manager, common, pending);
      stats.inserted += written.size;
      const conflicting = pending.filter((r) => !written.has(r.code));
      if (conflicting.length === 0) return stats;
      stats.conflictsRetried += conflicting.length;
      const fresh = this.newRows(conflicting.length, options, separatePassword);
      pending = conflicting.map((r, i) => ({ ...fresh[i], seq: r.seq }));
    }
    if (pending.length) throw new VoucherException(VoucherErrorCode.VOUCHER_CODES_EXHAUSTED, `${pending.length} vouchers could not get a free code; use longer codes`);
    return stats;
  }

  /**
   * Marks batches left `generating` with no job on the queue as failed (called by the expiry
   * job): a batch whose job waits or runs, on any instance, is never touched; a crashed
   * instance's job is retried by the queue, and one that ran out of attempts fails its batch.
   */
  async failStale(now: Date = this.clock.now()): Promise<number> {
    const stale = await this.vouchers.staleBatches(new Date(now.getTime() - STALE_AFTER_MS));
    const queued = await this.queue.pendingKeys(
      BATCH_QUEUE,
      stale.map((b) => b.id),
    );
    const orphaned = stale.filter((b) => !queued.has(b.id));
    for (const batch of orphaned) await this.fail(batch.providerId, batch.id, 'Generation was interrupted (its job was lost); generate a new batch');
    return orphaned.length;
  }

  // ---- export and print ----

  async batchCsv(providerId: string, batchId: string): Promise<{ filename: string; body: string }> {
    const batch = await this.readyBatch(providerId, batchId);
    const vouchers = await this.vouchers.batchVouchers(providerId, batchId);
    return { filename: `vouchers-${batch.id.slice(0, 8)}.csv`, body: toCsv(vouchers.map(csvRow)) };
  }

  async exportCsv(providerId: string, filter: VoucherFilterQueryDto): Promise<{ filename: string; body: string }> {
    const { search, ...rest } = filter;
    const rows = await this.vouchers.exportRows(
      providerId,
      { ...rest, createdFrom: rest.createdFrom ? new Date(rest.createdFrom) : undefined, createdTo: rest.createdTo ? new Date(rest.createdTo) : undefined, search: search?.replace(/\s+/g, '') },
      EXPORT_LIMIT + 1,
    );
    if (rows.length > EXPORT_LIMIT) throw new VoucherException(VoucherErrorCode.VOUCHER_EXPORT_TOO_LARGE, `More than ${EXPORT_LIMIT} vouchers match; narrow the filters`);
    return { filename: 'vouchers.csv', body: toCsv(rows.map(csvRow)) };
  }

  async batchPdf(providerId: string, batchId: string, layout: PrintLayout): Promise<{ filename: string; body: Buffer }> {
    const batch = await this.readyBatch(providerId, batchId);
    const [vouchers, branding, plan] = await Promise.all([
      this.vouchers.batchVouchers(providerId, batchId),
      this.providers.getBranding(providerId),
      this.plans.getSnapshots(providerId, [batch.planId]).then((p) => p[0] ?? null),
    ]);
    const routerIds = await this.routers.routerIdsFor(providerId, batch.routerId, plan);
    const dns = (await this.routers.summaries(providerId, routerIds)).find((r) => r.hotspotDnsName)?.hotspotDnsName ?? null;
    const cards: PrintCard[] = vouchers.map((v) => ({
      code: v.code,
      password: v.password,
      paymentReference: v.paymentReference,
      planName: v.planName,
      price: formatMoney(v.priceMinor, v.currency),
      validity: describeValidity(v),
      loginUrl: dns ? hotspotLoginUrl(dns, v.code, v.password ?? v.code) : null,
    }));
    const body = await renderVoucherPdf(cards, {
      providerName: branding?.name ?? 'WiFi',
      loginHost: dns,
      accentColor: branding?.accentColor ?? null,
      logo: branding?.logoDataUrl ? decodeLogo(branding.logoDataUrl) : null,
      layout,
      title: `${batch.planName} vouchers`,
    });
    return { filename: `vouchers-${batch.id.slice(0, 8)}-${layout}.pdf`, body };
  }

  // ---- internals ----

  private newRows(n: number, options: CodeOptions, separatePassword: boolean): VoucherInsertRow[] {
    const codes = this.codes.codes(n, options);
    const references = this.codes.references(n);
    const passwords = separatePassword ? this.codes.passwords(n, 6) : null;
    return codes.map((code, i) => ({ code, reference: references[i], password: passwords ? passwords[i] : null, seq: null }));
  }

  /** Profiles through the outbox, then the users through the routers module's pipelined bulk sync. */
  private async push(batch: VoucherBatch, plan: PlanSnapshot, statuses: VoucherStatus[]): Promise<BatchRouterSync[]> {
    const routerIds = await this.routers.routerIdsFor(batch.providerId, batch.routerId, plan);
    await inTransaction(this.dataSource, (manager) =>
      this.routers.enqueue(
        manager,
        batch.providerId,
        routerIds.map((routerId) => ({ routerId, type: 'upsert_profile', target: plan.profile.name, profile: plan.profile })),
      ),
    );
    const users = (await this.vouchers.batchVouchers(batch.providerId, batch.id)).filter((v) => statuses.includes(v.status)).map((v) => hotspotUserFor(v));
    const syncs: BatchRouterSync[] = [];
    for (const routerId of routerIds) {
      try {
        const progress = await this.routers.api.startBulkSync(batch.providerId, routerId, users);
        syncs.push({ routerId, syncId: progress.id, error: null });
      } catch (error) {
        syncs.push({ routerId, syncId: null, error: error instanceof Error ? error.message.slice(0, 300) : 'push failed' });
      }
    }
    return syncs;
  }

  private async routerProgress(providerId: string, syncs: BatchRouterSync[]): Promise<BatchRouterProgressDto[]> {
    return Promise.all(
      syncs.map(async (s): Promise<BatchRouterProgressDto> => {
        if (!s.syncId) return { routerId: s.routerId, status: 'failed', total: 0, done: 0, failed: 0, error: s.error };
        try {
          const p = await this.routers.api.getBulkSync(providerId, s.syncId);
          return { routerId: s.routerId, status: p.status, total: p.total, done: p.done, failed: p.failed, error: p.error };
        } catch (error) {
          return { routerId: s.routerId, status: 'failed', total: 0, done: 0, failed: 0, error: error instanceof Error ? error.message : 'unknown' };
        }
      }),
    );
  }

  private async fail(providerId: string, batchId: string, message: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await this.vouchers.deleteBatchVouchers(manager, providerId, batchId);
      await this.vouchers.updateBatch(batchId, { status: 'failed', error: message.slice(0, 500), generated: 0, completedAt: this.clock.now() }, manager);
    });
  }

  private async readyBatch(providerId: string, batchId: string): Promise<VoucherBatch> {
    const batch = await this.vouchers.findBatch(providerId, batchId);
    if (!batch) throw VoucherException.batchNotFound();
    if (batch.status !== 'ready') throw new VoucherException(VoucherErrorCode.VOUCHER_BATCH_NOT_READY, `The batch is ${batch.status}`);
    return batch;
  }
}

function csvRow(v: Voucher) {
  return {
    code: v.code,
    password: v.password,
    paymentReference: v.paymentReference,
    planName: v.planName,
    price: toWhole(v.priceMinor, v.currency),
    currency: v.currency,
    status: v.status,
    expiresAt: v.expiresAt,
  };
}
