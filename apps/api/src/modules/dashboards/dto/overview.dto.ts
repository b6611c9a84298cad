import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { MethodTotalDto } from '../../payments';

export class LedgerTotalDto {
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ description: 'Settled sales (a later refund does not remove its sale)' }) count: number;
  @ApiProperty({ description: 'Gross sales, integer minor units' }) grossMinor: number;
  @ApiProperty({ description: 'Refunds made in the range' }) refundCount: number;
  @ApiProperty({ description: 'Refunded gross (a positive number); gross − refunds = commission + net' }) refundsMinor: number;
  @ApiProperty({ description: 'Commission after refunds' }) commissionMinor: number;
  @ApiProperty({ description: 'Net after refunds' }) netMinor: number;
}

/** Ledger totals by sale method (docs/cash-sales.md) over the overview's ranges. */
export class MethodRangesDto {
  @ApiProperty({ type: [MethodTotalDto], description: 'Since midnight Nairobi time' }) today: MethodTotalDto[];
  @ApiProperty({ type: [MethodTotalDto], description: 'The last 7 Nairobi days, today included' }) last7Days: MethodTotalDto[];
  @ApiProperty({ type: [MethodTotalDto], description: 'The last 30 Nairobi days, today included' }) last30Days: MethodTotalDto[];
}

export class RevenueRangesDto {
  @ApiProperty({ type: [LedgerTotalDto], description: 'Since midnight Nairobi time' }) today: LedgerTotalDto[];
  @ApiProperty({ type: [LedgerTotalDto], description: 'The last 7 Nairobi days, today included' }) last7Days: LedgerTotalDto[];
  @ApiProperty({ type: [LedgerTotalDto], description: 'The last 30 Nairobi days, today included' }) last30Days: LedgerTotalDto[];
}

export class DailyRevenueDto {
  @ApiProperty({ example: '2026-05-04', description: 'Nairobi day' }) day: string;
  @ApiProperty() currency: string;
  @ApiProperty() count: number;
  @ApiProperty() grossMinor: number;
}

export class TopPlanDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planName: string;
  @ApiProperty() currency: string;
  @ApiProperty() count: number;
  @ApiProperty() grossMinor: number;
}

export class RateDto {
  @ApiProperty({ description: 'Successes' }) succeeded: number;
  @ApiProperty({ description: 'Successes + failures (pending ones aside)' }) total: number;
  @ApiProperty({ type: Number, nullable: true, description: '0..1, null when there is nothing to measure', example: 0.97 }) rate: number | null;
  @ApiProperty({ description: 'Window in days' }) windowDays: number;
}

export class RouterAlertDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['unknown', 'online', 'offline', 'error'], enumName: 'RouterStatus' }) status: string;
  @ApiProperty() alert: string;
}

export class RouterCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() online: number;
  @ApiProperty() offline: number;
  @ApiProperty() error: number;
  @ApiProperty() unknown: number;
  @ApiProperty({ description: 'Active hotspot sessions on online routers (last measurement)' }) activeSessions: number;
}

export class ProviderRoutersDto extends RouterCountsDto {
  @ApiProperty({ description: 'Provisioning operations waiting' }) syncPending: number;
  @ApiProperty({ description: 'Provisioning operations dead-lettered (retry from the router page)' }) syncFailed: number;
  @ApiProperty({ type: [RouterAlertDto], description: 'Routers offline or failing for more than 5 minutes' }) alerts: RouterAlertDto[];
}

export class VoucherStatusCountsDto {
  @ApiProperty() available: number;
  @ApiProperty() sold: number;
  @ApiProperty() in_use: number;
  @ApiProperty() expired: number;
  @ApiProperty() disabled: number;
  @ApiProperty() refunded: number;
  @ApiProperty() total: number;
}

export class SubscriptionStateDto {
  @ApiProperty({ example: 'trialing' }) status: string;
  @ApiProperty({ type: String, nullable: true }) planName: string | null;
  @ApiProperty() daysLeft: number;
  @ApiProperty({ type: String, format: 'date-time' }) currentPeriodEnd: string;
  @ApiProperty() canSell: boolean;
}

export class SalesCountsDto {
  @ApiProperty() today: number;
  @ApiProperty() last7Days: number;
  @ApiProperty() last30Days: number;
}

export class ProviderOverviewDto {
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: RevenueRangesDto }) revenue: RevenueRangesDto;
  @ApiProperty({ type: SalesCountsDto }) sales: SalesCountsDto;
  @ApiProperty({ type: MethodRangesDto, description: 'Revenue by method: M-Pesa STK, M-Pesa paybill, cash (every method listed, zeros included)' }) salesByMethod: MethodRangesDto;
  @ApiProperty({ type: [DailyRevenueDto], description: 'Every day of the last 30 (zeros included) for each currency sold in; KES when none' }) daily: DailyRevenueDto[];
  @ApiProperty({ type: [TopPlanDto], description: 'Best sellers of the last 30 days' }) topPlans: TopPlanDto[];
  @ApiProperty({ type: RateDto, description: 'Customer payments of the last 7 days' }) paymentSuccess: RateDto;
  @ApiProperty({ type: VoucherStatusCountsDto }) vouchers: VoucherStatusCountsDto;
  @ApiProperty({ type: ProviderRoutersDto }) routers: ProviderRoutersDto;
  @ApiProperty({ type: SubscriptionStateDto, nullable: true, description: 'Owner only (null for staff, or before approval)' }) subscription: SubscriptionStateDto | null;
}

export class ProviderStatusCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() active: number;
  @ApiProperty() suspended: number;
  @ApiProperty() rejected: number;
  @ApiProperty() total: number;
}

export class AmountDto {
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'Integer minor units' }) amountMinor: number;
}

export class PlatformRevenueDto {
  @ApiProperty({ type: [AmountDto], description: 'Subscriptions + commissions, last 30 days' }) total30Days: AmountDto[];
  @ApiProperty({ type: [AmountDto], description: 'Paid subscription invoices, last 30 days' }) subscriptions30Days: AmountDto[];
  @ApiProperty({ type: [AmountDto], description: 'Commissions on platform-collected sales, last 30 days' }) commissions30Days: AmountDto[];
}

export class PlatformDailyDto {
  @ApiProperty({ example: '2026-05-04' }) day: string;
  @ApiProperty() currency: string;
  @ApiProperty() subscriptionsMinor: number;
  @ApiProperty() commissionsMinor: number;
  @ApiProperty({ description: 'Customer payments (gross)' }) gmvMinor: number;
}

export class AdminOverviewDto {
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: ProviderStatusCountsDto }) providers: ProviderStatusCountsDto;
  @ApiProperty({ type: PlatformRevenueDto }) platformRevenue: PlatformRevenueDto;
  @ApiProperty({ type: RevenueRangesDto, description: 'GMV: customer payments through every provider (ledger)' }) gmv: RevenueRangesDto;
  @ApiProperty({ type: MethodRangesDto, description: 'GMV by method: M-Pesa STK, M-Pesa paybill, cash recorded by providers' }) gmvByMethod: MethodRangesDto;
  @ApiProperty({ type: [PlatformDailyDto], description: 'Every day of the last 30 (zeros included), per currency; KES when none' }) daily: PlatformDailyDto[];
  @ApiProperty({ type: RateDto, description: 'Customer payments of the last 7 days: paid / (paid + failed, cancelled, expired)' }) paymentSuccess: RateDto;
  @ApiProperty({ type: RateDto, description: 'Daraja webhooks of the last 7 days: handled / (handled + failed or stuck)' }) webhookSuccess: RateDto;
  @ApiProperty({
    type: RateDto,
    description: 'What reached routers in the last day: operations applied and bulk-pushed users the router took, over those plus dead-lettered operations and users a bulk push could not place',
  })
  routerSync: RateDto;
  @ApiProperty({ type: RouterCountsDto }) routers: RouterCountsDto;
}

export class JobLastRunDto {
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'], enumName: 'JobRunStatus' }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class JobHealthDto {
  @ApiProperty({ example: 'voucher-expiry' }) name: string;
  @ApiProperty({ description: 'Whether "run now" is available' }) runnable: boolean;
  @ApiProperty({ type: JobLastRunDto, nullable: true }) lastRun: JobLastRunDto | null;
  @ApiProperty({ description: 'Runs in the last 24 h' }) runs24h: number;
  @ApiProperty({ description: 'Failed runs in the last 24 h' }) failed24h: number;
}

export class OutboxBacklogDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty() routerName: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ type: String, nullable: true }) providerName: string | null;
  @ApiProperty({ enum: ['unknown', 'online', 'offline', 'error'], enumName: 'RouterStatus' }) status: string;
  @ApiProperty({ description: 'Waiting operations' }) pending: number;
  @ApiProperty({ description: 'Dead-lettered operations' }) dead: number;
  @ApiProperty({ description: 'Users the platform wants on the router that the router has not confirmed (refused, lost, or still waiting)' }) unconfirmed: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) oldestPendingAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
}

export class FailingRouterDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty() routerName: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ type: String, nullable: true }) providerName: string | null;
  @ApiProperty({ enum: ['unknown', 'online', 'offline', 'error'], enumName: 'RouterStatus' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) since: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true }) alert: string | null;
}

export class WebhookFailureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) providerId: string | null;
  @ApiProperty({ type: String, nullable: true }) providerName: string | null;
  @ApiProperty({ example: 'stk' }) kind: string;
  @ApiProperty({ example: 'failed', description: 'failed, or received = never finished (stuck)' }) outcome: string;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceIp: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt: string;
  @ApiProperty({ description: 'Stored body, phones/names/secrets masked', type: 'object', additionalProperties: true }) body: unknown;
}

export class LoginAlertDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ description: 'Failed logins counted against the account when the alert was raised' }) failures: number;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}

export class MessageChannelHealthDto {
  @ApiProperty({ enum: ['email', 'sms'], enumName: 'MessageChannel' }) channel: string;
  @ApiProperty({ description: 'Queued, waiting for a retry or being sent' }) waiting: number;
  @ApiProperty({ description: 'Failed every attempt (or refused for good)' }) dead: number;
}

export class DeadMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['email', 'sms'], enumName: 'MessageChannel' }) channel: string;
  @ApiProperty() recipient: string;
  @ApiProperty({ example: 'password_reset' }) templateKey: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class MessageQueueHealthDto {
  @ApiProperty({ description: 'Messages waiting to be sent (every channel)' }) waiting: number;
  @ApiProperty({ description: 'Dead messages (every channel)' }) dead: number;
  @ApiProperty({ description: 'Messages sent in the last 24 h' }) sentLastDay: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) oldestWaitingAt: string | null;
  @ApiProperty({ description: 'false: no SMTP server configured, e-mails wait in the queue' }) emailConfigured: boolean;
  @ApiProperty({ type: [MessageChannelHealthDto] }) channels: MessageChannelHealthDto[];
  @ApiProperty({ type: [DeadMessageDto], description: 'The latest dead messages, newest first' }) recentDead: DeadMessageDto[];
}

export class QueueHealthDto {
  @ApiProperty({ example: 'router-bulk-sync' }) queue: string;
  @ApiProperty({ description: 'Jobs waiting for a worker (new, or waiting to be retried)' }) queued: number;
  @ApiProperty({ description: 'Jobs a worker of some instance is running' }) active: number;
  @ApiProperty({ description: 'Jobs that failed every attempt in the last 24 h (their row is marked failed with the reason)' }) failedLast24h: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the longest-waiting job was queued' }) oldestQueuedAt: string | null;
}

export class SystemHealthDto {
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [JobHealthDto] }) jobs: JobHealthDto[];
  @ApiProperty({ type: [OutboxBacklogDto], description: 'Routers with waiting or dead-lettered operations, dead first' }) outbox: OutboxBacklogDto[];
  @ApiProperty({ type: [FailingRouterDto], description: 'Offline or erroring routers, longest first' }) failingRouters: FailingRouterDto[];
  @ApiProperty({ type: [WebhookFailureDto], description: 'Failed or stuck Daraja webhooks of the last 7 days, newest first' }) webhookFailures: WebhookFailureDto[];
  @ApiProperty({
    type: [LoginAlertDto],
    description: 'Accounts under password attack from many addresses in the last 24 h (auth.account_under_attack; nobody was locked out), newest first',
  })
  loginAlerts: LoginAlertDto[];
  @ApiProperty({ type: MessageQueueHealthDto, description: 'The outbound message queue (e-mail, SMS): depth and dead letters' }) messages: MessageQueueHealthDto;
  @ApiProperty({ type: [QueueHealthDto], description: 'The background-work queue (bulk syncs, batch generation): depth per queue' }) queues: QueueHealthDto[];
}

export class JobNameParamDto {
  @ApiProperty({ example: 'voucher-expiry', pattern: '^[a-z0-9-]{1,64}$' })
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'name must be a job name such as voucher-expiry' })
  name: string;
}

export class RouterIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;
}

export class JobRunResultDto {
  @ApiProperty({ enum: ['succeeded', 'failed', 'skipped'], enumName: 'JobOutcomeStatus', description: 'skipped: a run of this job is in progress' }) status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) runId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class RetryResultDto {
  @ApiProperty({ description: 'Operations made due again (dead-lettered ones with fresh attempts)' }) retried: number;
}
