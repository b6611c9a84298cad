import type { UserRole } from '@/lib/api/types';

export const paths = {
  home: '/',
  login: '/login',
  signup: '/signup',
  app: '/app',
  profile: '/app/profile',
  account: '/app/account',
  adminProviders: '/app/admin/providers',
  subscription: '/app/subscription',
  adminPlatformPlans: '/app/admin/platform-plans',
  adminSubscriptionRevenue: '/app/admin/subscription-revenue',
  routers: '/app/routers',
  routerNew: '/app/routers/new',
  router: (id: string) => `/app/routers/${id}`,
  routerTab: (id: string, tab: string) => (tab === 'overview' ? `/app/routers/${id}` : `/app/routers/${id}/${tab}`),
  routerEdit: (id: string) => `/app/routers/${id}/edit`,
  online: '/app/online',
  plans: '/app/plans',
  planNew: '/app/plans/new',
  planEdit: (id: string) => `/app/plans/${id}/edit`,
  vouchers: '/app/vouchers',
  voucher: (id: string) => `/app/vouchers/${id}`,
  voucherGenerate: '/app/vouchers/generate',
  voucherCashSale: '/app/vouchers/cash-sale',
  voucherBatches: '/app/vouchers/batches',
  voucherBatch: (id: string) => `/app/vouchers/batches/${id}`,
  payments: '/app/payments',
  payment: (id: string) => `/app/payments/${id}`,
  revenue: '/app/revenue',
  payouts: '/app/payouts',
  reconciliation: '/app/reconciliation',
  attention: '/app/attention',
  attentionItem: (id: string) => `/app/attention/${id}`,
  webhookLogs: '/app/webhook-logs',
  paymentSettings: '/app/payment-settings',
  overview: '/app/overview',
  customers: '/app/customers',
  staff: '/app/staff',
  apiKeys: '/app/api-keys',
  auditLog: '/app/audit-log',
  adminOverview: '/app/admin/overview',
  adminHealth: '/app/admin/health',
  adminAuditLog: '/app/admin/audit-log',
  adminStatements: '/app/admin/statements',
  adminAttention: '/app/admin/attention',
  adminAttentionItem: (id: string) => `/app/admin/attention/${id}`,
  adminPayouts: '/app/admin/payouts',
  adminCommissionRevenue: '/app/admin/commission-revenue',
  adminSubscriptions: '/app/admin/subscriptions',
  adminPerformance: '/app/admin/performance',
} as const;

/** Where each role lands after logging in. */
export function homeFor(role: UserRole): string {
  return role === 'super_admin' ? paths.adminOverview : paths.overview;
}

export const ROLE_LABELS: Record<UserRole, string> = {
  super_admin: 'Super admin',
  provider_owner: 'Provider owner',
  provider_staff: 'Provider staff',
};
