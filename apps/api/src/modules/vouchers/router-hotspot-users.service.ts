import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { HOTSPOT_ACCOUNTS_MAX, ManagedCheck, RouterHotspotAccess, RouterHotspotAccount } from '../routers';
import { AdoptHotspotUserDto, ComplimentaryVoucherDto, HotspotUserKind, RouterHotspotUserDto, RouterHotspotUsersDto } from './dto/router-hotspot-user.dto';
import { mapVoucher, VoucherDto } from './dto/voucher.dto';
import { VoucherSalesService } from './voucher-sales.service';
import { VoucherErrorCode, VoucherException } from './vouchers.exception';
import { VouchersRepository } from './vouchers.repository';

/** The comment the platform gives every hotspot user it manages: `wavu:<voucher id>`. */
const PLATFORM_COMMENT = /^wavu:/;
const VOUCHER_ID_COMMENT = /^wavu:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** What the voucher columns hold (vouchers.code varchar(24), vouchers.password varchar(16)) and what RouterOS accepts from the platform (ASCII). */
const CODE_MAX = 24;
const PASSWORD_MAX = 16;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * "Hotspot users on the router" (docs/routers.md): the router's own hotspot users classified
 * against the provider's vouchers, deleting one Wavu does not manage, adopting one as a voucher,
 * and complimentary vouchers. Vouchers made here are ordinary sold vouchers: they reach the
 * router through the outbox like every sale and expire like every voucher.
 */
@Injectable()
export class RouterHotspotUsersService {
  constructor(
    private readonly access: RouterHotspotAccess,
    private readonly vouchers: VouchersRepository,
    private readonly sales: VoucherSalesService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(providerId: string, routerId: string, kind?: HotspotUserKind): Promise<RouterHotspotUsersDto> {
    const read = await this.access.accounts(providerId, routerId);
    const known = await this.known(providerId, read.users);
    const items = read.users.map((u) => toDto(u, known));
    const count = (k: HotspotUserKind) => items.filter((i) => i.kind === k).length;
    return {
      items: kind ? items.filter((i) => i.kind === kind) : items,
      total: read.total,
      limit: HOTSPOT_ACCOUNTS_MAX,
      managed: count('managed'),
      unknown: count('unknown'),
      disabled: count('disabled'),
    };
  }

  remove(providerId: string, routerId: string, name: string, actor: Principal, context: RequestContext): Promise<void> {
    return this.access.removeUnmanaged(providerId, routerId, name, this.managedCheck(providerId), actor, context);
  }

  /**
   * Turns a hotspot user Wavu does not manage into a sold voucher of `planId` (a plan offered on
   * this router) with the same login name and password, price 0 unless given. The outbox then
   * sets the plan's profile and the `wavu:<id>` comment on the router's user, so Wavu manages it.
   */
  async adopt(providerId: string, routerId: string, name: string, dto: AdoptHotspotUserDto, actor: Principal, context: RequestContext): Promise<VoucherDto> {
    const user = await this.access.requireUnmanaged(providerId, routerId, name, this.managedCheck(providerId));
    const refuse = (why: string) => new VoucherException(VoucherErrorCode.VOUCHER_ADOPT_REFUSED, `${name} cannot become a voucher: ${why}`, [{ field: 'name', messages: [why] }]);
    if (name.length > CODE_MAX || !PRINTABLE_ASCII.test(name)) throw refuse(`a voucher code is at most ${CODE_MAX} letters, digits or signs, without spaces`);
    if (user.password === null) throw refuse("Wavu cannot read its password on the router (the API user's group lacks the sensitive policy)");
    const password = user.password === '' || user.password === name ? null : user.password;
    if (password !== null && (password.length > PASSWORD_MAX || !PRINTABLE_ASCII.test(password))) throw refuse(`its password is longer than ${PASSWORD_MAX} characters or has spaces`);
    return inTransaction(this.dataSource, async (manager) => {
      const issued = await this.sales.issueForSale(manager, providerId, {
        planId: dto.planId,
        routerId,
        code: name,
        password,
        // the first adoption of this user on this router wins; a second one answers the same voucher
        saleKey: `adopt:${routerId}:${name}`,
        price: dto.price ?? 0,
      });
      const voucher = (await this.vouchers.findById(providerId, issued.id, manager))!;
      if (!issued.replayed) {
        await this.audit.record(
          {
            action: 'voucher.adopted',
            actor,
            providerId,
            target: { type: 'voucher', id: voucher.id },
            context,
            metadata: { code: voucher.code, routerId, planName: voucher.planName, priceMinor: voucher.priceMinor, previousProfile: user.profile, previousComment: user.comment },
          },
          manager,
        );
      }
      return mapVoucher(voucher);
    });
  }

  /** A zero-price voucher of `planId` for this router, with the reason in the audit log and a 0-revenue ledger row (method comp). */
  async complimentary(providerId: string, routerId: string, dto: ComplimentaryVoucherDto, actor: Principal, context: RequestContext): Promise<VoucherDto> {
    await this.access.requireRouter(providerId, routerId);
    return inTransaction(this.dataSource, async (manager) => {
      const issued = await this.sales.issueComplimentary(manager, providerId, { planId: dto.planId, routerId, saleKey: `comp:${randomUUID()}` });
      const voucher = (await this.vouchers.findById(providerId, issued.id, manager))!;
      await this.audit.record(
        {
          action: 'voucher.complimentary',
          actor,
          providerId,
          target: { type: 'voucher', id: voucher.id },
          context,
          metadata: { code: voucher.code, routerId, planName: voucher.planName, reason: dto.reason },
        },
        manager,
      );
      return mapVoucher(voucher);
    });
  }

  /** Managed = the platform's comment (`wavu:…`) or the name of one of the provider's vouchers. */
  private managedCheck(providerId: string): ManagedCheck {
    return async (u) => {
      if (u.comment && PLATFORM_COMMENT.test(u.comment)) return true;
      return (await this.vouchers.findByCodesOrIds(providerId, [u.name], [])).length > 0;
    };
  }

  /** The provider's vouchers these users name (by code or by the id in their comment). */
  private async known(providerId: string, users: RouterHotspotAccount[]): Promise<Known> {
    const ids = users.map((u) => VOUCHER_ID_COMMENT.exec(u.comment ?? '')?.[1]?.toLowerCase()).filter((id): id is string => Boolean(id));
    const rows = await this.vouchers.findByCodesOrIds(
      providerId,
      users.map((u) => u.name),
      ids,
    );
    return { byCode: new Map(rows.map((r) => [r.code, r.id])), ids: new Set(rows.map((r) => r.id)) };
  }
}

interface Known {
  byCode: Map<string, string>;
  ids: Set<string>;
}

function toDto(u: RouterHotspotAccount, known: Known): RouterHotspotUserDto {
  const commentId = VOUCHER_ID_COMMENT.exec(u.comment ?? '')?.[1]?.toLowerCase() ?? null;
  const voucherId = (commentId && known.ids.has(commentId) ? commentId : null) ?? known.byCode.get(u.name) ?? null;
  const managed = voucherId !== null || (u.comment !== null && PLATFORM_COMMENT.test(u.comment));
  return {
    name: u.name,
    kind: managed ? 'managed' : u.disabled ? 'disabled' : 'unknown',
    voucherId,
    profile: u.profile,
    comment: u.comment,
    disabled: u.disabled,
    active: u.active,
    uptimeSeconds: u.uptimeSeconds,
    bytesIn: u.bytesIn,
    bytesOut: u.bytesOut,
    limitUptimeSeconds: u.limitUptimeSeconds,
    limitBytesTotal: u.limitBytesTotal,
  };
}
