import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { customerQueries } from '@/features/customers/api/customer-queries';
import { dashboardQueries } from '@/features/dashboards/api/dashboard-queries';
import { paymentQueries } from '@/features/payments/api/payment-queries';
import { AdminStatementsPage } from '@/features/statements/components/admin-statements-page';
import { ReconciliationPage } from '@/features/statements/components/reconciliation-page';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

/** A statement settles payments: the payments list, revenue, customers and overviews refetch. */
function useRefreshAfterStatement() {
  const qc = useQueryClient();
  return useCallback(() => {
    for (const queryKey of [paymentQueries.all(), customerQueries.all(), dashboardQueries.all()]) void qc.invalidateQueries({ queryKey });
  }, [qc]);
}

/** Owner and staff may look; only the owner registers, uploads and applies (the API refuses staff too). */
export function ReconciliationRoute() {
  useTitle('Reconciliation');
  const me = useMe();
  const onApplied = useRefreshAfterStatement();
  return (
    <>
      <h1 className="page-title">Reconciliation</h1>
      <ReconciliationPage canManage={me.role === 'provider_owner'} onApplied={onApplied} />
    </>
  );
}

export function AdminStatementsRoute() {
  useTitle('Statements');
  const onApplied = useRefreshAfterStatement();
  return (
    <>
      <h1 className="page-title">M-Pesa statements</h1>
      <AdminStatementsPage onApplied={onApplied} />
    </>
  );
}
