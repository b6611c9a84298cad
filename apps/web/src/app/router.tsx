import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { paths } from './paths';
import { AccountRoute } from './routes/app/account';
import { AdminProvidersRoute } from './routes/app/admin/providers';
import { AppIndexRoute } from './routes/app/index';
import { AppLayout } from './routes/app/layout';
import { AdminOverviewRoute, ApiKeysRoute, AuditLogRoute, CustomersRoute, OverviewRoute, StaffRoute, SystemHealthRoute } from './routes/app/dashboards';
import { EditPlanRoute, NewPlanRoute, PlansRoute } from './routes/app/plans';
import { PaymentDetailRoute, PaymentSettingsRoute, PaymentsRoute, RevenueRoute } from './routes/app/payments';
import { ProfileRoute } from './routes/app/profile';
import { RequireRole } from './routes/app/require-role';
import { AdminStatementsRoute, ReconciliationRoute } from './routes/app/statements';
import { EditRouterRoute, NewRouterRoute, OnlineRoute, RouterDetailRoute, RoutersRoute } from './routes/app/routers';
import { VoucherBatchesRoute, VoucherBatchRoute, VoucherDetailRoute, VoucherGenerateRoute, VouchersRoute } from './routes/app/vouchers';
import { PlatformPlansRoute, SubscriptionRevenueRoute, SubscriptionRoute } from './routes/app/subscription';
import { LoginRoute } from './routes/auth/login';
import { SignupRoute } from './routes/auth/signup';
import { NotFoundRoute } from './routes/not-found';
import { RootRedirect } from './routes/root-redirect';
import { RouteError } from './routes/route-error';

const router = createBrowserRouter([
  { path: paths.home, element: <RootRedirect />, errorElement: <RouteError /> },
  { path: paths.login, element: <LoginRoute />, errorElement: <RouteError /> },
  { path: paths.signup, element: <SignupRoute />, errorElement: <RouteError /> },
  {
    path: paths.app,
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <AppIndexRoute /> },
      {
        path: 'profile',
        element: (
          <RequireRole roles={['provider_owner', 'provider_staff']}>
            <ProfileRoute />
          </RequireRole>
        ),
      },
      { path: 'account', element: <AccountRoute /> },
      // owner only: the page itself tells staff they are not allowed (no silent redirect)
      { path: 'payment-settings', element: <PaymentSettingsRoute /> },
      // owner-only pages explain the refusal to staff themselves (the API answers 403 too)
      {
        path: 'staff',
        element: (
          <RequireRole roles={['provider_owner', 'provider_staff']}>
            <StaffRoute />
          </RequireRole>
        ),
      },
      {
        path: 'api-keys',
        element: (
          <RequireRole roles={['provider_owner', 'provider_staff']}>
            <ApiKeysRoute />
          </RequireRole>
        ),
      },
      {
        path: 'audit-log',
        element: (
          <RequireRole roles={['provider_owner', 'provider_staff']}>
            <AuditLogRoute />
          </RequireRole>
        ),
      },
      {
        path: 'admin/overview',
        element: (
          <RequireRole roles={['super_admin']}>
            <AdminOverviewRoute />
          </RequireRole>
        ),
      },
      {
        path: 'admin/health',
        element: (
          <RequireRole roles={['super_admin']}>
            <SystemHealthRoute />
          </RequireRole>
        ),
      },
      {
        path: 'admin/audit-log',
        element: (
          <RequireRole roles={['super_admin']}>
            <AuditLogRoute />
          </RequireRole>
        ),
      },
      {
        path: 'admin/statements',
        element: (
          <RequireRole roles={['super_admin']}>
            <AdminStatementsRoute />
          </RequireRole>
        ),
      },
      ...[
        { path: 'overview', element: <OverviewRoute /> },
        { path: 'customers', element: <CustomersRoute /> },
        { path: 'routers', element: <RoutersRoute /> },
        { path: 'online', element: <OnlineRoute /> },
        { path: 'routers/new', element: <NewRouterRoute />, owner: true },
        { path: 'routers/:id/edit', element: <EditRouterRoute />, owner: true },
        { path: 'routers/:id/:tab?', element: <RouterDetailRoute /> },
        { path: 'plans', element: <PlansRoute /> },
        { path: 'plans/new', element: <NewPlanRoute /> },
        { path: 'plans/:id/edit', element: <EditPlanRoute /> },
        { path: 'vouchers', element: <VouchersRoute /> },
        { path: 'vouchers/generate', element: <VoucherGenerateRoute /> },
        { path: 'vouchers/batches', element: <VoucherBatchesRoute /> },
        { path: 'vouchers/batches/:id', element: <VoucherBatchRoute /> },
        { path: 'vouchers/:id', element: <VoucherDetailRoute /> },
        { path: 'payments', element: <PaymentsRoute /> },
        { path: 'payments/:id', element: <PaymentDetailRoute /> },
        { path: 'revenue', element: <RevenueRoute /> },
        { path: 'reconciliation', element: <ReconciliationRoute /> },
      ].map(({ path, element, owner }) => ({
        path,
        element: <RequireRole roles={owner ? ['provider_owner'] : ['provider_owner', 'provider_staff']}>{element}</RequireRole>,
      })),
      {
        path: 'admin/providers',
        element: (
          <RequireRole roles={['super_admin']}>
            <AdminProvidersRoute />
          </RequireRole>
        ),
      },
      {
        path: 'subscription',
        element: (
          <RequireRole roles={['provider_owner']}>
            <SubscriptionRoute />
          </RequireRole>
        ),
      },
      {
        path: 'admin/platform-plans',
        element: (
          <RequireRole roles={['super_admin']}>
            <PlatformPlansRoute />
          </RequireRole>
        ),
      },
      {
        path: 'admin/subscription-revenue',
        element: (
          <RequireRole roles={['super_admin']}>
            <SubscriptionRevenueRoute />
          </RequireRole>
        ),
      },
      { path: 'admin', element: <Navigate to={paths.adminOverview} replace /> },
      { path: '*', element: <NotFoundRoute inShell /> },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
