import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select, Textarea } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { useAdminSubscriptionAction } from '../api/subscription-mutations';
import { adminSubscriptionQueries, platformPlanQueries } from '../api/subscription-queries';
import type { SubscriptionDto, SubscriptionStatus } from '../api/types';
import { SUBSCRIPTION_STATUS } from './format';

const STATUSES = Object.keys(SUBSCRIPTION_STATUS) as SubscriptionStatus[];

/** Super admin → Subscriptions: every provider's subscription (status filter), extend by days or waive periods of a plan. */
export function SubscriptionsAdmin() {
  const [status, setStatus] = useState<SubscriptionStatus | ''>('');
  const list = useQuery(adminSubscriptionQueries.list(status || undefined));
  const names = useQuery(adminSubscriptionQueries.providerNames());
  const [action, setAction] = useState<{ kind: 'extend' | 'waive'; sub: SubscriptionDto } | null>(null);
  return (
    <>
      <Card>
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value as SubscriptionStatus | '')}>
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {SUBSCRIPTION_STATUS[s].label}
            </option>
          ))}
        </Select>
      </Card>
      <Card title="Subscriptions">
        {list.isPending ? (
          <LoadingState label="Loading subscriptions…" />
        ) : list.isError ? (
          <ErrorState title="Could not load the subscriptions" error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No subscriptions">Providers get a trial when they are approved.</EmptyState>
        ) : (
          <Table caption="Provider subscriptions">
            <thead>
              <Tr>
                <Th>Provider</Th>
                <Th>Status</Th>
                <Th>Plan</Th>
                <Th>Paid until</Th>
                <Th>
                  <span className="visually-hidden">Actions</span>
                </Th>
              </Tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => {
                const name = names.data?.get(s.providerId) ?? 'Provider';
                return (
                  <Tr key={s.providerId}>
                    <Td label="Provider" className="cell-primary">
                      {name}
                    </Td>
                    <Td label="Status">
                      <Badge tone={SUBSCRIPTION_STATUS[s.status].tone}>{SUBSCRIPTION_STATUS[s.status].label}</Badge>
                    </Td>
                    <Td label="Plan">{s.plan?.name ?? 'Trial'}</Td>
                    <Td label="Paid until">
                      {formatDateTime(s.currentPeriodEnd)} <span className="muted small">({s.daysLeft} days left)</span>
                    </Td>
                    <Td label="Actions">
                      <div className="form-actions" style={{ marginTop: 0 }}>
                        <Button size="sm" variant="secondary" aria-label={`Extend ${name}`} onClick={() => setAction({ kind: 'extend', sub: s })}>
                          Extend
                        </Button>
                        <Button size="sm" variant="secondary" aria-label={`Waive ${name}`} onClick={() => setAction({ kind: 'waive', sub: s })}>
                          Waive
                        </Button>
                      </div>
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      {action ? (
        <ActionDialog
          key={`${action.kind}-${action.sub.providerId}`}
          kind={action.kind}
          sub={action.sub}
          name={names.data?.get(action.sub.providerId) ?? 'this provider'}
          onClose={() => setAction(null)}
        />
      ) : null}
    </>
  );
}

function ActionDialog({ kind, sub, name, onClose }: { kind: 'extend' | 'waive'; sub: SubscriptionDto; name: string; onClose: () => void }) {
  const plans = useQuery({ ...platformPlanQueries.list(), enabled: kind === 'waive' });
  const mutation = useAdminSubscriptionAction(sub.providerId);
  const [days, setDays] = useState('7');
  const [planId, setPlanId] = useState('');
  const [periods, setPeriods] = useState('1');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const confirm = () => {
    const next: Record<string, string | undefined> = {};
    if (reason.trim().length < 3) next.reason = 'Give a short reason (at least 3 characters).';
    if (kind === 'extend' && !/^\d{1,3}$/.test(days)) next.days = 'Enter 1 to 366 days.';
    if (kind === 'waive' && !planId) next.planId = 'Pick the plan they get for free.';
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    const action = kind === 'extend' ? { kind, body: { days: Number(days), reason: reason.trim() } } : { kind, body: { planId, periods: Number(periods), reason: reason.trim() } };
    mutation.mutate(action, {
      onSuccess: onClose,
      onError: (e) => {
        if (e instanceof ApiError) setErrors(e.fieldErrors());
      },
    });
  };
  const fieldError = Object.values(errors).some(Boolean);
  return (
    <ConfirmDialog
      open
      title={kind === 'extend' ? `Extend ${name}'s subscription?` : `Waive a payment for ${name}?`}
      description={
        kind === 'extend'
          ? `Adds days to the current period (ends ${formatDateTime(sub.currentPeriodEnd)}). Audited; not revenue.`
          : 'Marks periods of a plan as paid without payment. Audited; not revenue.'
      }
      confirmLabel={kind === 'extend' ? 'Extend' : 'Waive'}
      pending={mutation.isPending}
      error={mutation.isError && !fieldError ? errorMessage(mutation.error) : undefined}
      onCancel={onClose}
      onConfirm={confirm}
    >
      {kind === 'extend' ? (
        <Input label="Days to add" inputMode="numeric" value={days} error={errors.days} onChange={(e) => setDays(e.target.value)} />
      ) : (
        <>
          <Select label="Plan" value={planId} error={errors.planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="">Choose a plan</option>
            {(plans.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
          <Select label="Periods" value={periods} error={errors.periods} onChange={(e) => setPeriods(e.target.value)}>
            {Array.from({ length: 12 }, (_, i) => String(i + 1)).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </>
      )}
      <Textarea
        label="Reason"
        value={reason}
        maxLength={500}
        error={errors.reason}
        onChange={(e) => {
          setReason(e.target.value);
          setErrors((x) => ({ ...x, reason: undefined }));
        }}
      />
    </ConfirmDialog>
  );
}
