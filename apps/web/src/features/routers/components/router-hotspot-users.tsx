import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
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
import { lookupQueries } from '@/lib/lookup-queries';
import { hotspotUserQueries, useAdoptHotspotUser, useComplimentaryVoucher, useDeleteHotspotUser, type HotspotUserKind, type RouterHotspotUser } from '../api/router-hotspot-users';
import { formatBytes, formatDuration } from './router-status';
import './router-hotspot-users.css';

const FILTERS: Array<{ value: HotspotUserKind | null; label: string }> = [
  { value: null, label: 'All' },
  { value: 'managed', label: 'Managed by Wavu' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'disabled', label: 'Disabled' },
];
const KIND_BADGE: Record<HotspotUserKind, { tone: 'success' | 'warning' | 'neutral'; label: string }> = {
  managed: { tone: 'success', label: 'Managed by Wavu' },
  unknown: { tone: 'warning', label: 'Unknown' },
  disabled: { tone: 'neutral', label: 'Disabled' },
};

type Pending = { action: 'delete' | 'adopt'; user: RouterHotspotUser } | { action: 'complimentary' } | null;

/**
 * "Hotspot users on the router" (docs/routers.md): every hotspot user the router holds, read live
 * and marked managed by Wavu, unknown or disabled. Owners can delete or adopt one Wavu does not
 * manage, and give a complimentary voucher; each asks for confirmation first.
 */
export function RouterHotspotUsers({ id, canManage }: { id: string; canManage: boolean }) {
  const query = useQuery(hotspotUserQueries.list(id));
  const plans = useQuery({ ...lookupQueries.plans(), enabled: canManage });
  const remove = useDeleteHotspotUser(id);
  const adopt = useAdoptHotspotUser(id);
  const comp = useComplimentaryVoucher(id);
  const [kind, setKind] = useState<HotspotUserKind | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [planId, setPlanId] = useState('');
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const offered = (plans.data ?? []).filter((p) => p.status === 'active' && (p.routerScope === 'all' || p.routerIds.includes(id)));
  const open = (next: Pending) => {
    for (const m of [remove, adopt, comp]) m.reset();
    setDone(null);
    setFormError(null);
    setPlanId(offered[0]?.id ?? '');
    setPrice('');
    setReason('');
    setPending(next);
  };
  const close = () => setPending(null);
  const active = pending?.action === 'delete' ? remove : pending?.action === 'adopt' ? adopt : comp;

  const confirm = () => {
    if (!pending) return;
    if (pending.action === 'delete') {
      const name = pending.user.name;
      remove.mutate(name, { onSuccess: () => (setDone(`${name} was deleted from the router.`), close()) });
      return;
    }
    if (!planId) return setFormError('Choose a plan.');
    if (pending.action === 'adopt') {
      const whole = price.trim() === '' ? undefined : Number(price);
      if (whole !== undefined && (!Number.isInteger(whole) || whole < 0 || whole > 1_000_000)) return setFormError('The price is a whole number from 0 to 1,000,000.');
      const name = pending.user.name;
      adopt.mutate({ name, planId, price: whole }, { onSuccess: (v) => (setDone(`${name} is now a Wavu voucher on ${v.planName}; Wavu manages it from now on.`), close()) });
      return;
    }
    if (reason.trim().length < 3) return setFormError('Say why it is given (at least 3 characters).');
    comp.mutate({ planId, reason: reason.trim() }, { onSuccess: (v) => (setDone(`Complimentary voucher ${v.code} (${v.planName}) is being put on the router.`), close()) });
  };

  const planPicker = (
    <Select label="Plan" value={planId} onChange={(e) => setPlanId(e.target.value)} required hint={offered.length ? undefined : 'No active plan is offered on this router.'}>
      {offered.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </Select>
  );

  const body = () => {
    if (query.isPending) return <LoadingState label="Reading the router's hotspot users…" />;
    if (query.isError) return <ErrorState title="Could not read the hotspot users from the router" error={query.error} onRetry={() => void query.refetch()} />;
    const data = query.data;
    const shown = kind ? data.items.filter((u) => u.kind === kind) : data.items;
    return (
      <>
        <div className="segmented hotspot-users-filter" role="group" aria-label="Filter hotspot users">
          {FILTERS.map((f) => (
            <button key={f.label} type="button" className="segmented-item" aria-pressed={kind === f.value} onClick={() => setKind(f.value)}>
              {f.label}
              {f.value ? ` (${data[f.value]})` : ` (${data.items.length})`}
            </button>
          ))}
        </div>
        {data.total > data.items.length ? (
          <Alert tone="info">
            The router holds {data.total.toLocaleString('en')} hotspot users; the first {data.items.length.toLocaleString('en')} are shown.
          </Alert>
        ) : null}
        {shown.length === 0 ? (
          <EmptyState title="No hotspot users here">{kind ? 'None of this kind on the router.' : 'The router holds no hotspot users.'}</EmptyState>
        ) : (
          <Table caption="Hotspot users on the router">
            <thead>
              <Tr>
                <Th>User</Th>
                <Th>Kind</Th>
                <Th>Profile</Th>
                <Th>Online</Th>
                <Th>Uptime</Th>
                <Th>Down / up</Th>
                {canManage ? (
                  <Th>
                    <span className="visually-hidden">Actions</span>
                  </Th>
                ) : null}
              </Tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <Tr key={u.name}>
                  <Td label="User" className="cell-primary">
                    <span className="mono hotspot-user-name">{u.name}</span>
                    {u.comment && u.kind !== 'managed' ? <div className="muted small hotspot-user-comment">{u.comment}</div> : null}
                  </Td>
                  <Td label="Kind">
                    <Badge tone={KIND_BADGE[u.kind].tone}>{KIND_BADGE[u.kind].label}</Badge>
                  </Td>
                  <Td label="Profile">{u.profile}</Td>
                  <Td label="Online">{u.active ? 'Online now' : '—'}</Td>
                  <Td label="Uptime">
                    {formatDuration(u.uptimeSeconds)}
                    {u.limitUptimeSeconds ? ` of ${formatDuration(u.limitUptimeSeconds)}` : ''}
                  </Td>
                  <Td label="Down / up">
                    {formatBytes(u.bytesOut)} / {formatBytes(u.bytesIn)}
                    {u.limitBytesTotal ? ` (limit ${formatBytes(u.limitBytesTotal)})` : ''}
                  </Td>
                  {canManage ? (
                    <Td label="Actions" className="cell-actions">
                      {u.kind === 'managed' ? (
                        <span className="muted small">Change it through its voucher</span>
                      ) : (
                        <span className="hotspot-user-actions">
                          <Button size="sm" variant="secondary" aria-label={`Adopt ${u.name}`} onClick={() => open({ action: 'adopt', user: u })}>
                            Adopt
                          </Button>
                          <Button size="sm" variant="danger" aria-label={`Delete ${u.name}`} onClick={() => open({ action: 'delete', user: u })}>
                            Delete
                          </Button>
                        </span>
                      )}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </>
    );
  };

  return (
    <Card
      title="Hotspot users on the router"
      className="router-hotspot-users"
      actions={
        canManage ? (
          <Button size="sm" variant="secondary" onClick={() => open({ action: 'complimentary' })}>
            Give complimentary voucher
          </Button>
        ) : undefined
      }
    >
      <p className="muted small">
        Read live from the router. Users Wavu manages change through their vouchers; the others were added on the router by someone else: adopt one to make it a Wavu voucher, or delete it.
      </p>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {body()}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.action === 'delete'
            ? `Delete ${pending.user.name} from the router?`
            : pending?.action === 'adopt'
              ? `Adopt ${pending.user.name} as a Wavu voucher?`
              : 'Give a complimentary voucher?'
        }
        description={
          pending?.action === 'delete'
            ? 'The user is removed from the router and any device logged in with it is logged out. Wavu keeps no copy.'
            : pending?.action === 'adopt'
              ? 'It becomes a voucher with the same login and password, on the plan you choose (its profile and limits replace the current ones). Wavu manages it from then on.'
              : 'A free voucher on a plan of this router: price 0, counted in reports as complimentary with no revenue, and it expires like any other voucher.'
        }
        confirmLabel={pending?.action === 'delete' ? 'Delete user' : pending?.action === 'adopt' ? 'Adopt user' : 'Give voucher'}
        tone={pending?.action === 'delete' ? 'danger' : 'primary'}
        pending={active.isPending}
        error={formError ?? (active.isError ? errorMessage(active.error) : undefined)}
        onCancel={close}
        onConfirm={confirm}
      >
        {pending?.action === 'adopt' ? (
          <>
            {planPicker}
            <Input
              label="Price (optional)"
              inputMode="numeric"
              hint="Whole shillings recorded on the voucher; leave empty for 0. No payment is recorded."
              value={price}
              onChange={(e) => setPrice(e.target.value)}
            />
          </>
        ) : null}
        {pending?.action === 'complimentary' ? (
          <>
            {planPicker}
            <Textarea label="Reason" required maxLength={200} hint="Kept in the audit log, e.g. an apology for an outage." value={reason} onChange={(e) => setReason(e.target.value)} />
          </>
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}
