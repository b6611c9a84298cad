import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select, Textarea } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatMoney } from '@/lib/format';
import { useFormErrors } from '@/lib/use-form-errors';
import { useDeletePlatformPlan, useSavePlatformPlan, useSavePlatformSettings } from '../api/subscription-mutations';
import { platformPlanQueries } from '../api/subscription-queries';
import type { PlatformPlanDto, PlatformSettingsDto } from '../api/types';

const FIELDS = ['name', 'priceMinor', 'period', 'maxRouters', 'maxVouchersPerMonth', 'maxSmsPerMonth', 'features', 'description'] as const;

/** Super admin: the plans providers subscribe to (create, edit, deactivate, delete unused). */
export function PlatformPlansAdmin() {
  const plans = useQuery(platformPlanQueries.list());
  const [editing, setEditing] = useState<PlatformPlanDto | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PlatformPlanDto | null>(null);
  const remove = useDeletePlatformPlan();

  return (
    <>
      <Card title="Platform plans" actions={editing ? null : <Button onClick={() => setEditing('new')}>New plan</Button>}>
        {editing ? <PlanForm key={editing === 'new' ? 'new' : editing.id} plan={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
        {plans.isPending ? <LoadingState label="Loading plans…" /> : null}
        {plans.isError ? <ErrorState error={plans.error} onRetry={() => void plans.refetch()} /> : null}
        {plans.data?.length === 0 ? <EmptyState title="No platform plans yet">Create the plans providers can subscribe to.</EmptyState> : null}
        {plans.data && plans.data.length > 0 ? (
          <Table caption="Platform plans">
            <thead>
              <Tr>
                <Th>Name</Th>
                <Th>Price</Th>
                <Th>Limits</Th>
                <Th>Features</Th>
                <Th>Status</Th>
                <Th>
                  <span className="visually-hidden">Actions</span>
                </Th>
              </Tr>
            </thead>
            <tbody>
              {plans.data.map((p) => (
                <Tr key={p.id}>
                  <Td label="Name">{p.name}</Td>
                  <Td label="Price">
                    {formatMoney(p.priceMinor, p.currency)} / {p.period === 'yearly' ? 'year' : 'month'}
                  </Td>
                  <Td label="Limits">
                    {p.maxRouters ?? '∞'} routers, {p.maxVouchersPerMonth ?? '∞'} vouchers/month, {p.maxSmsPerMonth ?? '∞'} SMS/month
                  </Td>
                  <Td label="Features">{p.features.join(' · ') || '—'}</Td>
                  <Td label="Status">{p.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                  <Td>
                    <Button size="sm" variant="secondary" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>{' '}
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                      Delete
                    </Button>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </Card>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'plan'}?`}
        description="Only plans nobody has subscribed to can be deleted; deactivate the others."
        confirmLabel="Delete"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
      />
      <DefaultLimits />
    </>
  );
}

const LIMIT_FIELDS = ['defaultMaxRouters', 'defaultMaxVouchersPerMonth', 'defaultMaxSmsPerMonth'] as const;

/** A limit field: empty = unlimited (null), else a whole number. */
const limit = (v: string) => (v.trim() === '' ? null : Number(v.trim()));
/** Checked before sending: "abc" would otherwise go out as null and lift the limit. */
const limitError = (v: string) => (v.trim() === '' || /^\d{1,9}$/.test(v.trim()) ? undefined : 'Enter a whole number, or leave it empty for unlimited.');

/** The limits of an account without a paid plan (the free trial): no account is ever unlimited by accident. */
function DefaultLimits() {
  const settings = useQuery(platformPlanQueries.settings());
  return (
    <Card title="Default limits (free trial, no paid plan)">
      <p className="muted small">
        An account on the free trial, or whose plan lapsed, may have at most this many routers, create this many vouchers a month and send this many SMS parts a month through the platform’s SMS
        account. Empty = unlimited.
      </p>
      {settings.isPending ? <LoadingState label="Loading settings…" /> : null}
      {settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.data ? <DefaultLimitsForm settings={settings.data} /> : null}
    </Card>
  );
}

function DefaultLimitsForm({ settings }: { settings: PlatformSettingsDto }) {
  const save = useSavePlatformSettings();
  const { errors, formError, fromServer, check } = useFormErrors(LIMIT_FIELDS);
  const [routers, setRouters] = useState(settings.defaultMaxRouters?.toString() ?? '');
  const [vouchers, setVouchers] = useState(settings.defaultMaxVouchersPerMonth?.toString() ?? '');
  const [sms, setSms] = useState(settings.defaultMaxSmsPerMonth?.toString() ?? '');
  const [saved, setSaved] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!check({ defaultMaxRouters: limitError(routers), defaultMaxVouchersPerMonth: limitError(vouchers), defaultMaxSmsPerMonth: limitError(sms) })) return;
    save.mutate(
      { defaultMaxRouters: limit(routers), defaultMaxVouchersPerMonth: limit(vouchers), defaultMaxSmsPerMonth: limit(sms) },
      { onSuccess: () => setSaved(true), onError: (err) => fromServer(err) },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-label="Default limits" noValidate>
      {formError ? <Alert tone="danger">{formError}</Alert> : null}
      {saved ? <Alert tone="success">Saved: new routers, vouchers and SMS are checked against these limits from now on.</Alert> : null}
      <Input label="Max routers" hint="Empty = unlimited" inputMode="numeric" value={routers} onChange={(e) => setRouters(e.target.value)} error={errors.defaultMaxRouters} />
      <Input label="Max vouchers per month" hint="Empty = unlimited" inputMode="numeric" value={vouchers} onChange={(e) => setVouchers(e.target.value)} error={errors.defaultMaxVouchersPerMonth} />
      <Input
        label="SMS a month (platform account)"
        hint="Parts texted through the platform’s SMS account. Empty = unlimited"
        inputMode="numeric"
        value={sms}
        onChange={(e) => setSms(e.target.value)}
        error={errors.defaultMaxSmsPerMonth}
      />
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          Save limits
        </Button>
      </div>
    </form>
  );
}

function PlanForm({ plan, onDone }: { plan: PlatformPlanDto | null; onDone: () => void }) {
  const save = useSavePlatformPlan();
  const { errors, formError, fromServer, check } = useFormErrors(FIELDS);
  const [form, setForm] = useState({
    name: plan?.name ?? '',
    price: plan ? String(plan.priceMinor / 100) : '',
    period: plan?.period ?? 'monthly',
    maxRouters: plan?.maxRouters?.toString() ?? '',
    maxVouchersPerMonth: plan?.maxVouchersPerMonth?.toString() ?? '',
    maxSmsPerMonth: plan?.maxSmsPerMonth?.toString() ?? '',
    features: plan?.features.join('\n') ?? '',
    description: plan?.description ?? '',
    active: plan?.active ?? true,
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!check({ maxRouters: limitError(form.maxRouters), maxVouchersPerMonth: limitError(form.maxVouchersPerMonth), maxSmsPerMonth: limitError(form.maxSmsPerMonth) })) return;
    const body = {
      name: form.name,
      priceMinor: Math.round(Number(form.price) * 100),
      period: form.period,
      maxRouters: limit(form.maxRouters),
      maxVouchersPerMonth: limit(form.maxVouchersPerMonth),
      maxSmsPerMonth: limit(form.maxSmsPerMonth),
      features: form.features
        .split('\n')
        .map((f) => f.trim())
        .filter(Boolean),
      description: form.description.trim() === '' ? null : form.description,
      active: form.active,
    };
    save.mutate({ id: plan?.id, body }, { onSuccess: onDone, onError: (err) => fromServer(err, { PLATFORM_PLAN_NAME_TAKEN: 'name' }) });
  };

  return (
    <form className="form" onSubmit={submit} aria-label={plan ? `Edit ${plan.name}` : 'New plan'} noValidate>
      {formError ? <Alert tone="danger">{formError}</Alert> : null}
      <Input label="Name" value={form.name} onChange={set('name')} error={errors.name} required maxLength={80} />
      <Input label="Price (KES)" inputMode="decimal" value={form.price} onChange={set('price')} error={errors.priceMinor} required />
      <Select label="Period" value={form.period} onChange={set('period')} error={errors.period}>
        <option value="monthly">Monthly</option>
        <option value="yearly">Yearly</option>
      </Select>
      <Input label="Max routers" hint="Empty = unlimited" inputMode="numeric" value={form.maxRouters} onChange={set('maxRouters')} error={errors.maxRouters} />
      <Input label="Max vouchers per month" hint="Empty = unlimited" inputMode="numeric" value={form.maxVouchersPerMonth} onChange={set('maxVouchersPerMonth')} error={errors.maxVouchersPerMonth} />
      <Input
        label="SMS a month (platform account)"
        hint="Parts texted through the platform’s SMS account. Empty = unlimited"
        inputMode="numeric"
        value={form.maxSmsPerMonth}
        onChange={set('maxSmsPerMonth')}
        error={errors.maxSmsPerMonth}
      />
      <Textarea label="Features" hint="One per line" rows={3} value={form.features} onChange={set('features')} error={errors.features} />
      <Input label="Description" hint="Optional" value={form.description} onChange={set('description')} error={errors.description} maxLength={300} />
      <label className="small">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm((f) => ({ ...f, active: e.target.checked }))} /> Offered to providers (active)
      </label>
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {plan ? 'Save plan' : 'Create plan'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
