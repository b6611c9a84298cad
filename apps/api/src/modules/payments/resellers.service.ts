import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ResellerCardNote, ResellerPricing, VoucherSalesService } from '../vouchers';
import { selectionOf } from './cash-sales.service';
import {
  CreateResellerCollectionDto,
  CreateResellerDto,
  CreateResellerHandoverDto,
  CreateResellerReturnDto,
  ListResellersQueryDto,
  RESELLER_CARDS_LISTED,
  ResellerCardDto,
  ResellerCardsResultDto,
  ResellerCollectionDto,
  ResellerDto,
  ResellerLineKind,
  ResellerListDto,
  ResellerStatementDto,
  ResellerStatementLineDto,
  ResellerStatementQueryDto,
  resellerStatementCsv,
  ReverseResellerCollectionDto,
  UpdateResellerDto,
} from './dto/reseller.dto';
import { Reseller } from './entities/reseller.entity';
import { ResellerCollection } from './entities/reseller-collection.entity';
import { LedgerRepository } from './ledger.repository';
import { PaymentErrorCode, PaymentException } from './payments.exception';
import { ResellerFigures, ResellersRepository } from './resellers.repository';

/** Statements and balances are in shillings, like the payout statement. */
const CURRENCY = 'KES';
const DAY_MS = 86_400_000;
const MAX_RANGE_MS = 400 * DAY_MS;
/** Lines at the same moment read in this order. */
const LINE_ORDER: Record<ResellerLineKind, number> = { handover: 0, sale: 1, refund: 2, return: 3, collection: 4 };
const isUniqueViolation = (err: unknown) => err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505';

/**
 * Resellers (docs/resellers.md): shops and agents selling printed cards on consignment. The cards
 * they hold are marked by the vouchers module; each sale is one ledger row (method reseller, at
 * the reseller price, with the reseller), written when the card is first used (registered here
 * as the vouchers module's handler, in the usage report's transaction) or recorded through the
 * cash-sale endpoint. What a reseller owes is its sales less refunds; what it paid is the money
 * collected from it; the balance is the difference.
 */
@Injectable()
export class ResellersService implements OnModuleInit {
  constructor(
    private readonly resellers: ResellersRepository,
    private readonly ledger: LedgerRepository,
    private readonly sales: VoucherSalesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.sales.onResellerCardsSold(async (manager, providerId, cards, at) => {
      await this.ledger.insertCashEntries(
        manager,
        providerId,
        at,
        cards.map((c) => ({ voucherId: c.id, grossMinor: c.resellerPriceMinor, currency: c.currency, planId: c.planId, planName: c.planName, routerId: c.routerId, resellerId: c.resellerId })),
      );
    });
  }

  async list(providerId: string, query: ListResellersQueryDto): Promise<ResellerListDto> {
    const rows = await this.resellers.list(providerId, query.includeArchived ?? false);
    return { items: await this.withFigures(providerId, rows) };
  }

  async get(providerId: string, id: string): Promise<ResellerDto> {
    const reseller = await this.resellers.find(providerId, id);
    if (!reseller) throw PaymentException.resellerNotFound();
    return (await this.withFigures(providerId, [reseller]))[0];
  }

  async create(providerId: string, dto: CreateResellerDto, actor: Principal, context: RequestContext): Promise<ResellerDto> {
    const reseller = await inTransaction(this.dataSource, async (manager) => {
      const created = await this.resellers.insert(manager, { providerId, name: dto.name, phone: dto.phone ?? null, note: dto.note ?? null, archivedAt: null });
      await this.audit.record({ action: 'payments.reseller_created', actor, providerId, target: { type: 'reseller', id: created.id }, context, metadata: { name: created.name } }, manager);
      return created;
    });
    return this.get(providerId, reseller.id);
  }

  async update(providerId: string, id: string, dto: UpdateResellerDto, actor: Principal, context: RequestContext): Promise<ResellerDto> {
    await inTransaction(this.dataSource, async (manager) => {
      const reseller = await this.resellers.findForUpdate(manager, providerId, id);
      if (!reseller) throw PaymentException.resellerNotFound();
      const changes: Partial<Reseller> = {};
      if (dto.name !== undefined && dto.name !== reseller.name) changes.name = dto.name;
      if (dto.phone !== undefined && dto.phone !== reseller.phone) changes.phone = dto.phone;
      if (dto.note !== undefined && dto.note !== reseller.note) changes.note = dto.note;
      if (dto.archived !== undefined && dto.archived !== (reseller.archivedAt !== null)) {
        if (dto.archived) {
          const held = (await this.sales.resellerHoldings(providerId, [id], manager)).get(id);
          if (held && held.cards > 0) {
            throw new PaymentException(PaymentErrorCode.RESELLER_HOLDS_CARDS, `This reseller still holds ${held.cards} unsold card${held.cards === 1 ? '' : 's'}: take them back first`);
          }
        }
        changes.archivedAt = dto.archived ? this.clock.now() : null;
      }
      const fields = Object.keys(changes).map((k) => (k === 'archivedAt' ? 'archived' : k));
      if (fields.length === 0) return;
      await this.resellers.update(manager, providerId, id, changes);
      await this.audit.record(
        {
          action: 'payments.reseller_updated',
          actor,
          providerId,
          target: { type: 'reseller', id },
          context,
          metadata: { fields, ...(changes.archivedAt !== undefined && { archived: changes.archivedAt !== null }) },
        },
        manager,
      );
    });
    return this.get(providerId, id);
  }

  /** Hands cards to the reseller at a unit price or a discount; cards that may not go are refused (docs/resellers.md). */
  async handOver(providerId: string, id: string, dto: CreateResellerHandoverDto, actor: Principal, context: RequestContext): Promise<ResellerCardsResultDto> {
    const selection = selectionOf(dto);
    const pricing = pricingOf(dto);
    return inTransaction(this.dataSource, async (manager) => {
      const reseller = await this.resellers.findForUpdate(manager, providerId, id);
      if (!reseller) throw PaymentException.resellerNotFound();
      if (reseller.archivedAt) throw new PaymentException(PaymentErrorCode.RESELLER_ARCHIVED, 'This reseller is archived: restore it to hand it cards');
      const handoverId = randomUUID();
      const cards = await this.sales.handOverToReseller(manager, providerId, selection, id, handoverId, pricing);
      const valueMinor = cards.moved.reduce((sum, c) => sum + c.priceMinor, 0);
      const currency = cards.moved[0]?.currency ?? CURRENCY;
      if (cards.moved.length > 0) {
        await this.resellers.insertHandover(manager, {
          id: handoverId,
          providerId,
          resellerId: id,
          kind: 'handover',
          cardCount: cards.moved.length,
          valueMinor,
          currency: currency as ResellerCollection['currency'],
          unitPriceMinor: 'unitPriceMinor' in pricing ? pricing.unitPriceMinor : null,
          discountPercent: 'discountPercent' in pricing ? pricing.discountPercent : null,
          batchId: 'batchId' in selection ? selection.batchId : null,
          occurredAt: this.clock.now(),
        });
        await this.audit.record(
          {
            action: 'payments.reseller_cards_handed_over',
            actor,
            providerId,
            target: { type: 'reseller', id },
            context,
            metadata: {
              handoverId,
              batchId: 'batchId' in selection ? selection.batchId : null,
              fromSeq: dto.fromSeq ?? null,
              toSeq: dto.toSeq ?? null,
              handedOver: cards.moved.length,
              refused: cards.refused.length,
              valueMinor,
              unitPriceMinor: 'unitPriceMinor' in pricing ? pricing.unitPriceMinor : null,
              discountPercent: 'discountPercent' in pricing ? pricing.discountPercent : null,
            },
          },
          manager,
        );
      }
      return cardsResult(cards.moved.length ? handoverId : null, cards.moved.length + cards.refused.length, cards.moved.length, valueMinor, currency, cards.refused);
    });
  }

  /** Takes unsold cards back from the reseller: they are the provider's again. */
  async takeBack(providerId: string, id: string, dto: CreateResellerReturnDto, actor: Principal, context: RequestContext): Promise<ResellerCardsResultDto> {
    const selection = selectionOf(dto);
    return inTransaction(this.dataSource, async (manager) => {
      const reseller = await this.resellers.findForUpdate(manager, providerId, id);
      if (!reseller) throw PaymentException.resellerNotFound();
      const cards = await this.sales.returnFromReseller(manager, providerId, selection, id);
      const valueMinor = cards.moved.reduce((sum, c) => sum + c.priceMinor, 0);
      const currency = cards.moved[0]?.currency ?? CURRENCY;
      let entryId: string | null = null;
      if (cards.moved.length > 0) {
        const entry = await this.resellers.insertHandover(manager, {
          providerId,
          resellerId: id,
          kind: 'return',
          cardCount: cards.moved.length,
          valueMinor,
          currency: currency as ResellerCollection['currency'],
          batchId: 'batchId' in selection ? selection.batchId : null,
          occurredAt: this.clock.now(),
        });
        entryId = entry.id;
        await this.audit.record(
          {
            action: 'payments.reseller_cards_returned',
            actor,
            providerId,
            target: { type: 'reseller', id },
            context,
            metadata: { returnId: entry.id, returned: cards.moved.length, refused: cards.refused.length, valueMinor },
          },
          manager,
        );
      }
      return cardsResult(entryId, cards.moved.length + cards.refused.length, cards.moved.length, valueMinor, currency, cards.refused);
    });
  }

  /** Money received from the reseller: lowers its balance (not a sale: the sales are in the ledger already). */
  async collect(providerId: string, id: string, dto: CreateResellerCollectionDto, actor: Principal, context: RequestContext): Promise<ResellerCollectionDto> {
    const now = this.clock.now();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime()) throw CommonException.validation([{ field: 'receivedAt', messages: ['receivedAt must not be in the future'] }]);
    return inTransaction(this.dataSource, async (manager) => {
      const reseller = await this.resellers.findForUpdate(manager, providerId, id);
      if (!reseller) throw PaymentException.resellerNotFound();
      const entry = await this.resellers.insertCollection(manager, {
        providerId,
        resellerId: id,
        amountMinor: dto.amountMinor,
        currency: CURRENCY,
        method: dto.method,
        reference: dto.reference ?? null,
        note: dto.note ?? null,
        receivedAt,
        reversesId: null,
        createdBy: actor.kind === 'user' ? actor.userId : null,
      });
      await this.audit.record(
        {
          action: 'payments.reseller_cash_collected',
          actor,
          providerId,
          target: { type: 'reseller', id },
          context,
          metadata: { collectionId: entry.id, amountMinor: dto.amountMinor, method: dto.method, reference: entry.reference, receivedAt: receivedAt.toISOString(), note: entry.note },
        },
        manager,
      );
      return mapCollection(entry, false);
    });
  }

  /** Reverses a mistaken collection with an entry of the negated amount (at most once; nothing is deleted). */
  async reverseCollection(providerId: string, id: string, collectionId: string, dto: ReverseResellerCollectionDto, actor: Principal, context: RequestContext): Promise<ResellerCollectionDto> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const reseller = await this.resellers.findForUpdate(manager, providerId, id);
        if (!reseller) throw PaymentException.resellerNotFound();
        const original = await this.resellers.findCollection(manager, providerId, id, collectionId);
        if (!original) throw new PaymentException(PaymentErrorCode.RESELLER_COLLECTION_NOT_FOUND, 'Collection not found');
        if (original.reversesId) throw new PaymentException(PaymentErrorCode.RESELLER_COLLECTION_ALREADY_REVERSED, 'This entry is itself a reversal');
        const entry = await this.resellers.insertCollection(manager, {
          providerId,
          resellerId: id,
          amountMinor: -original.amountMinor,
          currency: original.currency,
          method: original.method,
          reference: original.reference,
          note: dto.reason,
          receivedAt: this.clock.now(),
          reversesId: original.id,
          createdBy: actor.kind === 'user' ? actor.userId : null,
        });
        await this.audit.record(
          {
            action: 'payments.reseller_collection_reversed',
            actor,
            providerId,
            target: { type: 'reseller', id },
            context,
            metadata: { collectionId: original.id, reversalId: entry.id, amountMinor: original.amountMinor, method: original.method, reference: original.reference, reason: dto.reason },
          },
          manager,
        );
        return mapCollection(entry, false);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new PaymentException(PaymentErrorCode.RESELLER_COLLECTION_ALREADY_REVERSED, 'This collection was already reversed');
      throw err;
    }
  }

  /** The statement over [from, to): handovers, returns, sales and refunds per day, collections, with the running balance. */
  async statement(providerId: string, id: string, query: ResellerStatementQueryDto): Promise<ResellerStatementDto> {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw CommonException.validation([{ field: 'from', messages: ['from must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw CommonException.validation([{ field: 'from', messages: ['the range may span at most 400 days'] }]);
    const reseller = await this.get(providerId, id);
    const [before, handovers, days, collections] = await Promise.all([
      this.resellers.figures(providerId, [id], from),
      this.resellers.handoversBetween(providerId, id, from, to),
      this.resellers.ledgerDays(providerId, id, from, to),
      this.resellers.collectionsBetween(providerId, id, from, to),
    ]);
    const opening = before.get(id) ?? { soldCards: 0, owedMinor: 0, paidMinor: 0 };
    const blank = { day: null, cards: null, valueMinor: 0, owedMinor: 0, paidMinor: 0, balanceMinor: 0, method: null, reference: null, note: null, entryId: null };
    const lines: ResellerStatementLineDto[] = [
      ...handovers.map((h) => ({ ...blank, at: h.occurredAt.toISOString(), kind: h.kind, cards: h.cardCount, valueMinor: h.valueMinor, entryId: h.id })),
      ...days.map((d) => ({ ...blank, at: d.lastAt.toISOString(), kind: d.kind, day: d.day, cards: d.cards, owedMinor: d.amountMinor })),
      ...collections.map((c) => ({
        ...blank,
        at: c.receivedAt.toISOString(),
        kind: 'collection' as const,
        paidMinor: c.amountMinor,
        method: c.method,
        reference: c.reference,
        note: c.note,
        entryId: c.id,
      })),
    ].sort((a, b) => a.at.localeCompare(b.at) || LINE_ORDER[a.kind] - LINE_ORDER[b.kind]);
    let balance = opening.owedMinor - opening.paidMinor;
    const period = { handedOverCards: 0, returnedCards: 0, soldCards: 0, refundedCards: 0, owedMinor: 0, paidMinor: 0 };
    for (const line of lines) {
      balance += line.owedMinor - line.paidMinor;
      line.balanceMinor = balance;
      period.owedMinor += line.owedMinor;
      period.paidMinor += line.paidMinor;
      if (line.kind === 'handover') period.handedOverCards += line.cards ?? 0;
      if (line.kind === 'return') period.returnedCards += line.cards ?? 0;
      if (line.kind === 'sale') period.soldCards += line.cards ?? 0;
      if (line.kind === 'refund') period.refundedCards += line.cards ?? 0;
    }
    return {
      reseller,
      from: from.toISOString(),
      to: to.toISOString(),
      currency: CURRENCY,
      openingBalanceMinor: opening.owedMinor - opening.paidMinor,
      closingBalanceMinor: balance,
      period,
      lines,
      collections: collections.map((c) => mapCollection(c, c.reversed)),
    };
  }

  async statementCsv(providerId: string, id: string, query: ResellerStatementQueryDto): Promise<{ filename: string; body: string }> {
    const s = await this.statement(providerId, id, query);
    return { filename: `reseller-statement-${s.from.slice(0, 10)}-${s.to.slice(0, 10)}.csv`, body: resellerStatementCsv(s) };
  }

  private async withFigures(providerId: string, rows: Reseller[]): Promise<ResellerDto[]> {
    const ids = rows.map((r) => r.id);
    const [figures, holdings] = await Promise.all([this.resellers.figures(providerId, ids), this.sales.resellerHoldings(providerId, ids)]);
    return rows.map((r) => mapReseller(r, figures.get(r.id) ?? { soldCards: 0, owedMinor: 0, paidMinor: 0 }, holdings.get(r.id) ?? { cards: 0, valueMinor: 0 }));
  }
}

/** Exactly one of unitPriceMinor and discountPercent. */
function pricingOf(dto: CreateResellerHandoverDto): ResellerPricing {
  const given = (['unitPriceMinor', 'discountPercent'] as const).filter((k) => dto[k] !== undefined && dto[k] !== null);
  if (given.length !== 1) {
    const fields = given.length ? given : ['unitPriceMinor', 'discountPercent'];
    throw CommonException.validation(fields.map((field) => ({ field, messages: ['give the reseller price in exactly one way: unitPriceMinor or discountPercent'] })));
  }
  return given[0] === 'unitPriceMinor' ? { unitPriceMinor: dto.unitPriceMinor! } : { discountPercent: dto.discountPercent! };
}

function cardsResult(id: string | null, named: number, moved: number, valueMinor: number, currency: string, refused: ResellerCardNote[]): ResellerCardsResultDto {
  return {
    id,
    named,
    moved,
    valueMinor,
    currency,
    refusedCount: refused.length,
    refused: refused.slice(0, RESELLER_CARDS_LISTED).map((n): ResellerCardDto => ({ id: n.id, code: n.code, batchSeq: n.batchSeq, status: n.status, reason: n.reason })),
  };
}

function mapReseller(r: Reseller, f: ResellerFigures, held: { cards: number; valueMinor: number }): ResellerDto {
  return {
    id: r.id,
    name: r.name,
    phone: r.phone,
    note: r.note,
    archived: r.archivedAt !== null,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    currency: CURRENCY,
    heldCards: held.cards,
    heldValueMinor: held.valueMinor,
    soldCards: f.soldCards,
    owedMinor: f.owedMinor,
    paidMinor: f.paidMinor,
    balanceMinor: f.owedMinor - f.paidMinor,
  };
}

function mapCollection(c: ResellerCollection, reversed: boolean): ResellerCollectionDto {
  return {
    id: c.id,
    amountMinor: c.amountMinor,
    currency: c.currency,
    method: c.method,
    reference: c.reference,
    note: c.note,
    receivedAt: c.receivedAt.toISOString(),
    reversesId: c.reversesId,
    reversed,
  };
}
