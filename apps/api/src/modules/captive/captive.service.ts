import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PaymentsService, PurchaseStatus } from '../payments';
import { PlanSnapshot, PlansService } from '../plans';
import { decodeLogo, ProvidersService } from '../providers';
import { RoutersService } from '../routers';
import { CustomerSmsService } from '../sms';
import { SubscriptionsService } from '../subscriptions';
import { VouchersService } from '../vouchers';
import {
  CaptivePlanDto,
  CaptivePurchaseDto,
  CaptivePurchaseStartedDto,
  CaptiveRouterDto,
  CheckVoucherDto,
  LoginCheckDto,
  LoginCheckOutcome,
  LoginCheckResultDto,
  PORTAL_LANGUAGES,
  RecoverBySmsDto,
  RecoverBySmsResultDto,
  RecoveredPurchasesDto,
  RecoverPurchaseDto,
  SalesState,
  StartCaptivePurchaseDto,
  VoucherCheckResultDto,
} from './dto/captive.dto';
import { CaptiveErrorCode, CaptiveException } from './captive.exception';

/** "Recover by phone" by SMS looks this far back. */
const RECOVERY_DAYS = 7;
import { DeviceCheckLimiter } from './device-limit';
import { loginHostProblem, PortalLinkProblem, portalLinkProblem } from './portal-link';
import { PortalPurchasesRepository } from './portal-purchases.repository';

interface PortalRouter {
  id: string;
  providerId: string;
  loginHosts: string[];
}

const sha256 = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** `aa-bb-…` / `AA:BB:…` → `AA:BB:CC:DD:EE:FF`. */
const normaliseMac = (mac: string | undefined): string | null => (mac ? mac.toUpperCase().replace(/-/g, ':') : null);

/** The receipt as the portal may show it: only its last 4 characters. */
const maskReceipt = (receipt: string | null): string | null => (receipt ? `${'•'.repeat(Math.max(0, receipt.length - 4))}${receipt.slice(-4)}` : null);

function mapPlan(p: PlanSnapshot): CaptivePlanDto {
  // RouterOS rate-limit is rx/tx seen from the router: upload/download of the client
  const [up, down] = (p.profile.rateLimit ?? '').split(' ')[0].split('/');
  return {
    id: p.id,
    name: p.name,
    price: p.price,
    currency: p.currency,
    kind: p.kind,
    uptimeLimitSeconds: p.uptimeLimitSeconds,
    validitySeconds: p.validitySeconds,
    dataLimitBytes: p.dataLimitBytes,
    downloadRate: down || null,
    uploadRate: up || null,
    sharedUsers: p.profile.sharedUsers ?? 1,
  };
}

function mapPurchase(s: PurchaseStatus): CaptivePurchaseDto {
  return {
    id: s.purchaseId,
    status: s.status,
    amount: s.amount,
    currency: s.currency,
    planName: s.planName,
    phone: s.phone,
    resultCode: s.resultCode,
    message: s.customerMessage,
    retryable: s.retryable,
    // never in full: the receipt is what proves a purchase in "Recover my purchase"
    receipt: maskReceipt(s.receipt),
    voucher: s.voucher ? { code: s.voucher.code, password: s.voucher.password } : null,
    createdAt: s.createdAt.toISOString(),
  };
}

/**
 * The public captive-portal API. Every call starts from a router id: the provider is derived
 * from it, and everything else (plans, purchases, vouchers) is looked up within that provider
 * only, so one provider's portal can never see or touch another's data.
 */
@Injectable()
export class CaptiveService {
  private readonly logger = new Logger(CaptiveService.name);

  constructor(
    private readonly routers: RoutersService,
    private readonly providers: ProvidersService,
    private readonly plans: PlansService,
    private readonly vouchers: VouchersService,
    private readonly subscriptions: SubscriptionsService,
    private readonly payments: PaymentsService,
    private readonly customerSms: CustomerSmsService,
    private readonly purchases: PortalPurchasesRepository,
    private readonly deviceChecks: DeviceCheckLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * What is wrong with a portal link (`GET /portal/{routerId}?…`), or null: its form
   * (portalLinkProblem), then whether `link-login-only` is the router itself. An unknown router
   * gets the portal, which says so in the customer's language.
   */
  async portalLinkProblem(routerId: string, query: Record<string, unknown>): Promise<PortalLinkProblem | null> {
    const problem = portalLinkProblem(routerId, query);
    if (problem) return problem;
    const router = await this.routers.findForPortal(routerId);
    return router ? loginHostProblem(query, router.loginHosts) : null;
  }

  async routerContext(routerId: string): Promise<CaptiveRouterDto> {
    const router = await this.router(routerId);
    const branding = await this.providers.getBranding(router.providerId);
    if (!branding) throw CaptiveException.routerNotFound();
    const sales = await this.salesState(router.providerId, branding.status);
    const plans = sales === 'open' ? await this.offeredPlans(router) : [];
    return {
      routerId: router.id,
      branding: {
        name: branding.name,
        logoUrl: branding.logoDataUrl ? `/api/v1/captive/routers/${router.id}/logo` : null,
        accentColor: branding.accentColor,
      },
      sales,
      plans: plans.map(mapPlan),
      languages: [...PORTAL_LANGUAGES],
      smsRecovery: await this.customerSms.available(router.providerId),
    };
  }

  /** The provider's logo bytes, for `<img src>` under the portal's own host. */
  async logo(routerId: string): Promise<{ contentType: string; bytes: Buffer }> {
    const router = await this.router(routerId);
    const branding = await this.providers.getBranding(router.providerId);
    const logo = branding?.logoDataUrl ? decodeLogo(branding.logoDataUrl) : null;
    if (!logo) throw new CaptiveException(CaptiveErrorCode.CAPTIVE_ROUTER_NOT_FOUND, 'No logo');
    return logo;
  }

  /**
   * Starts a purchase for this client: the answer carries a fresh random token, and only its
   * hash is kept with the device's MAC, so only this client can read the purchase (and its
   * voucher) and only this device can recover it by phone. A phone with a push still open is
   * handed back to the device that started it (same router and MAC: a reloaded page) under a
   * new token; from any other client it is 409 CAPTIVE_PAYMENT_OPEN with the seconds left:
   * never that purchase's id, and never a second push.
   */
  async startPurchase(dto: StartCaptivePurchaseDto, clientIp: string | null): Promise<CaptivePurchaseStartedDto> {
    const router = await this.router(dto.routerId);
    await this.requireSalesOpen(router.providerId);
    const offered = await this.offeredPlans(router);
    if (!offered.some((p) => p.id === dto.planId)) throw new CaptiveException(CaptiveErrorCode.CAPTIVE_PLAN_NOT_OFFERED, 'This plan is not offered on this hotspot');
    const mac = normaliseMac(dto.mac);
    // STK limits count per device before IP: a whole hotspot reaches us from one NAT address
    const clientDevice = mac ? `${router.id}:${mac}` : null;
    const status = await this.payments.startPurchase({ providerId: router.providerId, routerId: router.id, planId: dto.planId, phone: dto.phone, clientIp, clientDevice });
    const token = randomBytes(32).toString('base64url');
    const bound = { paymentId: status.purchaseId, providerId: router.providerId, routerId: router.id, clientMac: mac, tokenHash: sha256(token).toString('hex') };
    if (status.reused && (await this.purchases.rebind(bound))) return { ...mapPurchase(status), token };
    if (status.reused) {
      const left = Math.max(1, this.config.payments.expireAfterSeconds - Math.floor((this.clock.now().getTime() - status.createdAt.getTime()) / 1000));
      throw new CaptiveException(
        CaptiveErrorCode.CAPTIVE_PAYMENT_OPEN,
        `A payment request is already open on this phone; finish it on the phone or wait ${left} s, then try again.`,
        [{ field: 'phone', messages: [`a payment request is already open on this phone for ${left} s more`] }],
        { 'Retry-After': String(left) },
      );
    }
    await this.purchases.record(bound);
    return { ...mapPurchase(status), token };
  }

  /** A purchase's state, for the client holding its token; anyone else gets 404 as for an unknown id. */
  async purchase(routerId: string, purchaseId: string, token: string | undefined): Promise<CaptivePurchaseDto> {
    const router = await this.router(routerId);
    const owned = token ? await this.purchases.findOne(router.providerId, purchaseId) : null;
    if (!owned || !token || !timingSafeEqual(sha256(token), Buffer.from(owned.tokenHash, 'hex'))) throw CaptiveException.purchaseNotFound();
    try {
      return mapPurchase(await this.payments.purchaseStatus(router.providerId, purchaseId));
    } catch (error) {
      if (error instanceof Error && 'httpStatus' in error && (error as { httpStatus: number }).httpStatus === 404) throw CaptiveException.purchaseNotFound();
      throw error;
    }
  }

  async checkVoucher(dto: CheckVoucherDto, clientIp: string | null): Promise<VoucherCheckResultDto> {
    const router = await this.router(dto.routerId);
    const check = await this.codeCheck(router, dto.code, normaliseMac(dto.mac), clientIp);
    return { usable: check.usable, reason: check.reason, planName: check.planName, expiresAt: check.expiresAt?.toISOString() ?? null };
  }

  /**
   * Before or after a login the router refused: is this code good here, and is it on the
   * router? A code the platform wants on this router is read from the router and, when missing
   * or different, put there at once (RoutersService.restoreUser), so the portal can log in again
   * immediately instead of guessing. Codes are looked up within this router's provider only, so
   * another provider's code answers exactly like an unknown one.
   */
  async loginCheck(routerId: string, dto: LoginCheckDto, clientIp: string | null): Promise<LoginCheckResultDto> {
    const router = await this.router(routerId);
    const check = await this.codeCheck(router, dto.code, normaliseMac(dto.mac), clientIp);
    const base = { planName: check.planName, expiresAt: check.expiresAt?.toISOString() ?? null };
    if (!check.usable) return { outcome: check.reason ?? 'not_found', loginNow: false, ...base };
    const restored = await this.routers.restoreUser(router.id, dto.code);
    const outcome: LoginCheckOutcome = restored === 'present' ? 'on_router' : restored === 'restored' ? 'restored' : restored === 'not_wanted' ? 'not_on_router' : 'router_unreachable';
    this.logger.log({ routerId: router.id, outcome }, 'portal login check');
    return { outcome, loginNow: outcome === 'on_router' || outcome === 'restored', ...base };
  }

  /**
   * "Recover my purchase". By M-Pesa receipt (the SMS proves the purchase), or by phone + amount
   * + day from the device that bought: a phone number is not a secret, so only purchases whose
   * recorded MAC is this device's are returned; from another device the receipt is needed.
   */
  async recover(dto: RecoverPurchaseDto): Promise<RecoveredPurchasesDto> {
    const byReceipt = dto.receipt !== undefined;
    const byPhone = dto.phone !== undefined || dto.amount !== undefined || dto.day !== undefined;
    if (byReceipt === byPhone || (byPhone && (dto.phone === undefined || dto.amount === undefined || dto.day === undefined))) {
      throw CommonException.validation([{ field: 'receipt', messages: ['give the M-Pesa receipt number, or the phone, amount and day (not both)'] }]);
    }
    const mac = normaliseMac(dto.mac);
    if (byPhone && !mac) {
      throw CommonException.validation([{ field: 'mac', messages: ["recovering by phone needs the device's MAC (open the portal from the WiFi), or give the M-Pesa receipt number"] }]);
    }
    const router = await this.router(dto.routerId);
    let found = byReceipt
      ? await this.payments.recover({ providerId: router.providerId, receipt: dto.receipt! })
      : await this.payments.recover({ providerId: router.providerId, phone: dto.phone!, amount: dto.amount!, day: dto.day! });
    if (byPhone) {
      const fromThisDevice = new Set(
        (
          await this.purchases.findMany(
            router.providerId,
            found.map((p) => p.purchaseId),
          )
        )
          .filter((p) => p.clientMac === mac)
          .map((p) => p.paymentId),
      );
      found = found.filter((p) => fromThisDevice.has(p.purchaseId));
    }
    this.logger.log({ routerId: router.id, by: byReceipt ? 'receipt' : 'phone', found: found.length }, 'purchase recovery');
    return { purchases: found.map(mapPurchase) };
  }

  /**
   * "Recover by phone" by SMS: the codes this phone bought here in the last 7 days (or a batch
   * texted to it) that can still log in are texted to that phone, never shown, so it works from
   * any device. The answer is the same whether or not anything was sent.
   */
  async recoverBySms(dto: RecoverBySmsDto): Promise<RecoverBySmsResultDto> {
    const router = await this.router(dto.routerId);
    if (!(await this.customerSms.available(router.providerId))) {
      throw new CaptiveException(CaptiveErrorCode.CAPTIVE_SMS_UNAVAILABLE, 'This hotspot does not send SMS; recover your purchase with the M-Pesa receipt number instead');
    }
    const vouchers = await this.vouchers.usableForPhone(router.providerId, dto.phone, RECOVERY_DAYS, 3);
    const sent = await this.customerSms.recoverByPhone(router.providerId, dto.phone, vouchers);
    this.logger.log({ routerId: router.id, found: vouchers.length, sent }, 'purchase recovery by SMS');
    return { message: 'If this number bought WiFi here in the last 7 days, its codes are on their way by SMS.' };
  }

  // ---- internals ----

  /** A code check counted against this device's budget of wrong codes (DeviceCheckLimiter). */
  private async codeCheck(router: PortalRouter, code: string, mac: string | null, clientIp: string | null) {
    this.deviceChecks.assertAllowed(router.id, mac, clientIp);
    const check = await this.vouchers.checkRedemption(router.providerId, router.id, code);
    if (!check.usable && (check.reason ?? 'not_found') === 'not_found') this.deviceChecks.miss(router.id, mac, clientIp);
    return check;
  }

  private async router(routerId: string): Promise<PortalRouter> {
    const router = await this.routers.findForPortal(routerId);
    if (!router) throw CaptiveException.routerNotFound();
    return router;
  }

  private async salesState(providerId: string, status: string): Promise<SalesState> {
    if (status !== 'active') return 'unavailable';
    return (await this.subscriptions.canSell(providerId)) ? 'open' : 'paused';
  }

  private async requireSalesOpen(providerId: string): Promise<void> {
    const branding = await this.providers.getBranding(providerId);
    const state = await this.salesState(providerId, branding?.status ?? 'unknown');
    if (state !== 'open') throw new CaptiveException(CaptiveErrorCode.CAPTIVE_SALES_PAUSED, 'This hotspot cannot sell right now. Existing vouchers still work.');
  }

  private offeredPlans(router: PortalRouter): Promise<PlanSnapshot[]> {
    return this.plans.listSnapshots(router.providerId, { routerId: router.id, status: 'active', portalVisible: true });
  }
}
