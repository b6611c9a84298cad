import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { lazyPage, RouteBoundary } from '@/components/ui/route-boundary';
import type { UserRole } from '@/lib/api/types';
import { paths } from './paths';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './routes/route-error';

/*
 * Every page's code is fetched the first time it is shown (one chunk per route file, named
 * route-<file> by vite.config.ts), so the landing page and the login page do not download the
 * dashboard. docs/benchmarks.md ("Dashboard bundle") has the sizes.
 */

const requireRole = () => import('./routes/app/require-role');

/**
 * A route element whose code loads on first use: a loading state meanwhile, "Reload" if the
 * download fails. `roles` wraps the page in RequireRole (its code comes with the page's).
 * `key` gives each page its own boundary, so a page still downloading shows the loading state.
 */
function page(key: string, load: () => Promise<ComponentType>, roles?: UserRole[]): ReactNode {
  const Page = lazyPage(async () => {
    if (!roles) return load();
    const [Inner, { RequireRole }] = await Promise.all([load(), requireRole()]);
    return function Guarded() {
      return (
        <RequireRole roles={roles}>
          <Inner />
        </RequireRole>
      );
    };
  });
  return (
    <RouteBoundary key={key}>
      <Page />
    </RouteBoundary>
  );
}

const PROVIDER: UserRole[] = ['provider_owner', 'provider_staff'];
const OWNER: UserRole[] = ['provider_owner'];
const ADMIN: UserRole[] = ['super_admin'];

const landing = () => import('./routes/root-redirect');
const login = () => import('./routes/auth/login');
const signup = () => import('./routes/auth/signup');
const forgotPassword = () => import('./routes/auth/forgot-password');
const resetPassword = () => import('./routes/auth/reset-password');
const acceptInvite = () => import('./routes/auth/accept-invite');
const layout = () => import('./routes/app/layout');
const appIndex = () => import('./routes/app/index');
const profile = () => import('./routes/app/profile');
const account = () => import('./routes/app/account');
const dashboards = () => import('./routes/app/dashboards');
const routers = () => import('./routes/app/routers');
const plans = () => import('./routes/app/plans');
const vouchers = () => import('./routes/app/vouchers');
const payments = () => import('./routes/app/payments');
const resellers = () => import('./routes/app/resellers');
const statements = () => import('./routes/app/statements');
const attention = () => import('./routes/app/attention');
const subscription = () => import('./routes/app/subscription');
const sms = () => import('./routes/app/sms');
const adminProviders = () => import('./routes/app/admin/providers');
const adminUsers = () => import('./routes/app/admin/users');

const router = createBrowserRouter([
  { path: paths.home, element: page('landing', () => landing().then((m) => m.RootRedirect)), errorElement: <RouteError /> },
  { path: paths.login, element: page('login', () => login().then((m) => m.LoginRoute)), errorElement: <RouteError /> },
  { path: paths.signup, element: page('signup', () => signup().then((m) => m.SignupRoute)), errorElement: <RouteError /> },
  { path: paths.forgotPassword, element: page('forgot-password', () => forgotPassword().then((m) => m.ForgotPasswordRoute)), errorElement: <RouteError /> },
  { path: paths.resetPassword, element: page('reset-password', () => resetPassword().then((m) => m.ResetPasswordRoute)), errorElement: <RouteError /> },
  { path: paths.acceptInvite, element: page('accept-invite', () => acceptInvite().then((m) => m.AcceptInviteRoute)), errorElement: <RouteError /> },
  {
    path: paths.app,
    element: page('app', () => layout().then((m) => m.AppLayout)),
    errorElement: <RouteError />,
    children: [
      { index: true, element: page('app-index', () => appIndex().then((m) => m.AppIndexRoute)) },
      { path: 'profile', element: page('profile', () => profile().then((m) => m.ProfileRoute), PROVIDER) },
      { path: 'account', element: page('account', () => account().then((m) => m.AccountRoute)) },
      // owner only: the page itself tells staff they are not allowed (no silent redirect)
      { path: 'payment-settings', element: page('payment-settings', () => payments().then((m) => m.PaymentSettingsRoute)) },
      { path: 'sms-settings', element: page('sms-settings', () => sms().then((m) => m.SmsSettingsRoute), PROVIDER) },
      // owner-only pages explain the refusal to staff themselves (the API answers 403 too)
      { path: 'staff', element: page('staff', () => dashboards().then((m) => m.StaffRoute), PROVIDER) },
      { path: 'api-keys', element: page('api-keys', () => dashboards().then((m) => m.ApiKeysRoute), PROVIDER) },
      { path: 'audit-log', element: page('audit-log', () => dashboards().then((m) => m.AuditLogRoute), PROVIDER) },
      { path: 'admin/overview', element: page('admin-overview', () => dashboards().then((m) => m.AdminOverviewRoute), ADMIN) },
      { path: 'admin/performance', element: page('admin-performance', () => dashboards().then((m) => m.AdminPerformanceRoute), ADMIN) },
      { path: 'admin/health', element: page('admin-health', () => dashboards().then((m) => m.SystemHealthRoute), ADMIN) },
      { path: 'admin/audit-log', element: page('admin-audit-log', () => dashboards().then((m) => m.AuditLogRoute), ADMIN) },
      { path: 'admin/statements', element: page('admin-statements', () => statements().then((m) => m.AdminStatementsRoute), ADMIN) },
      { path: 'admin/attention', element: page('admin-attention', () => attention().then((m) => m.AdminAttentionRoute), ADMIN) },
      { path: 'admin/attention/:id', element: page('admin-attention-item', () => attention().then((m) => m.AdminAttentionItemRoute), ADMIN) },
      { path: 'overview', element: page('overview', () => dashboards().then((m) => m.OverviewRoute), PROVIDER) },
      { path: 'customers', element: page('customers', () => dashboards().then((m) => m.CustomersRoute), PROVIDER) },
      { path: 'routers', element: page('routers', () => routers().then((m) => m.RoutersRoute), PROVIDER) },
      { path: 'online', element: page('online', () => routers().then((m) => m.OnlineRoute), PROVIDER) },
      { path: 'routers/new', element: page('router-new', () => routers().then((m) => m.NewRouterRoute), OWNER) },
      { path: 'routers/:id/edit', element: page('router-edit', () => routers().then((m) => m.EditRouterRoute), OWNER) },
      { path: 'routers/:id/:tab?', element: page('router', () => routers().then((m) => m.RouterDetailRoute), PROVIDER) },
      { path: 'plans', element: page('plans', () => plans().then((m) => m.PlansRoute), PROVIDER) },
      { path: 'plans/new', element: page('plan-new', () => plans().then((m) => m.NewPlanRoute), PROVIDER) },
      { path: 'plans/:id/edit', element: page('plan-edit', () => plans().then((m) => m.EditPlanRoute), PROVIDER) },
      { path: 'vouchers', element: page('vouchers', () => vouchers().then((m) => m.VouchersRoute), PROVIDER) },
      { path: 'vouchers/generate', element: page('voucher-generate', () => vouchers().then((m) => m.VoucherGenerateRoute), PROVIDER) },
      { path: 'vouchers/cash-sale', element: page('voucher-cash-sale', () => vouchers().then((m) => m.VoucherCashSaleRoute), PROVIDER) },
      { path: 'vouchers/batches', element: page('voucher-batches', () => vouchers().then((m) => m.VoucherBatchesRoute), PROVIDER) },
      { path: 'vouchers/batches/:id', element: page('voucher-batch', () => vouchers().then((m) => m.VoucherBatchRoute), PROVIDER) },
      { path: 'vouchers/:id', element: page('voucher', () => vouchers().then((m) => m.VoucherDetailRoute), PROVIDER) },
      { path: 'resellers', element: page('resellers', () => resellers().then((m) => m.ResellersRoute), PROVIDER) },
      { path: 'resellers/new', element: page('reseller-new', () => resellers().then((m) => m.NewResellerRoute), PROVIDER) },
      { path: 'resellers/:id', element: page('reseller', () => resellers().then((m) => m.ResellerRoute), PROVIDER) },
      { path: 'payments', element: page('payments', () => payments().then((m) => m.PaymentsRoute), PROVIDER) },
      { path: 'payments/:id', element: page('payment', () => payments().then((m) => m.PaymentDetailRoute), PROVIDER) },
      { path: 'revenue', element: page('revenue', () => payments().then((m) => m.RevenueRoute), PROVIDER) },
      { path: 'payouts', element: page('payouts', () => payments().then((m) => m.PayoutsRoute), PROVIDER) },
      { path: 'admin/commission-revenue', element: page('admin-commission-revenue', () => payments().then((m) => m.AdminRevenueRoute), ADMIN) },
      { path: 'admin/payouts', element: page('admin-payouts', () => payments().then((m) => m.AdminPayoutsRoute), ADMIN) },
      { path: 'reconciliation', element: page('reconciliation', () => statements().then((m) => m.ReconciliationRoute), PROVIDER) },
      { path: 'attention', element: page('attention', () => attention().then((m) => m.AttentionRoute), PROVIDER) },
      { path: 'attention/:id', element: page('attention-item', () => attention().then((m) => m.AttentionItemRoute), PROVIDER) },
      { path: 'sms-log', element: page('sms-log', () => sms().then((m) => m.SmsLogRoute), PROVIDER) },
      { path: 'webhook-logs', element: page('webhook-logs', () => attention().then((m) => m.WebhookLogsRoute), PROVIDER) },
      { path: 'admin/providers', element: page('admin-providers', () => adminProviders().then((m) => m.AdminProvidersRoute), ADMIN) },
      { path: 'admin/users', element: page('admin-users', () => adminUsers().then((m) => m.AdminUsersRoute), ADMIN) },
      { path: 'admin/users/new', element: page('admin-user-new', () => adminUsers().then((m) => m.NewSuperAdminRoute), ADMIN) },
      { path: 'admin/users/:id', element: page('admin-user', () => adminUsers().then((m) => m.AdminUserRoute), ADMIN) },
      { path: 'subscription', element: page('subscription', () => subscription().then((m) => m.SubscriptionRoute), OWNER) },
      { path: 'admin/platform-plans', element: page('admin-platform-plans', () => subscription().then((m) => m.PlatformPlansRoute), ADMIN) },
      { path: 'admin/subscriptions', element: page('admin-subscriptions', () => subscription().then((m) => m.AdminSubscriptionsRoute), ADMIN) },
      { path: 'admin/subscription-revenue', element: page('admin-subscription-revenue', () => subscription().then((m) => m.SubscriptionRevenueRoute), ADMIN) },
      { path: 'admin', element: <Navigate to={paths.adminOverview} replace /> },
      { path: '*', element: <NotFoundRoute inShell /> },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
