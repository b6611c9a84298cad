import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadMore } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ApiError } from '@/lib/api-error';
import { formatDateTime, nairobiDay } from '@/lib/format';
import { auditQueries, type AuditFilters } from '../api/audit-queries';
import './audit-log.css';

/** Audit-log viewer: filters (actor, action, provider for the super admin, dates), newest first, "Load more". */
export function AuditLog({ showProvider }: { showProvider: boolean }) {
  const [form, setForm] = useState({ actor: '', action: '', providerId: '', from: '', to: '' });
  const [filters, setFilters] = useState<AuditFilters>({});
  const query = useInfiniteQuery(auditQueries.list(filters));
  const fieldErrors = query.error instanceof ApiError ? query.error.fieldErrors() : {};

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next: AuditFilters = {};
    if (form.actor.trim()) next.actor = form.actor.trim();
    if (form.action.trim()) next.action = form.action.trim();
    if (showProvider && form.providerId.trim()) next.providerId = form.providerId.trim();
    if (form.from) next.from = nairobiDay(form.from);
    if (form.to) next.to = nairobiDay(form.to, true);
    setFilters(next);
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Card>
        <form className="filters" onSubmit={apply} aria-label="Audit log filters">
          <Input label="Actor e-mail" type="email" value={form.actor} onChange={set('actor')} error={fieldErrors.actor} />
          <Input label="Action" value={form.action} onChange={set('action')} hint="The key shown under each entry, e.g. auth.login, or auth. for every sign-in entry" error={fieldErrors.action} />
          {showProvider ? <Input label="Provider id" value={form.providerId} onChange={set('providerId')} error={fieldErrors.providerId} /> : null}
          <Input label="From" type="date" value={form.from} onChange={set('from')} error={fieldErrors.from} />
          <Input label="To" type="date" value={form.to} onChange={set('to')} error={fieldErrors.to} />
          <div className="form-actions">
            <Button type="submit">Apply filters</Button>
            <Button
              variant="ghost"
              onClick={() => {
                setForm({ actor: '', action: '', providerId: '', from: '', to: '' });
                setFilters({});
              }}
            >
              Clear
            </Button>
          </div>
        </form>
      </Card>
      {query.isPending ? (
        <LoadingState label="Loading the audit log…" />
      ) : query.isError ? (
        <ErrorState title="Could not load the audit log" error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No entries match these filters" />
      ) : (
        <>
          <Table caption="Audit log">
            <thead>
              <Tr>
                <Th>When</Th>
                <Th>What happened</Th>
                <Th>Who</Th>
                {showProvider ? <Th>Provider</Th> : null}
                <Th>On what</Th>
                <Th>Details</Th>
                <Th>IP</Th>
              </Tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <Tr key={e.id}>
                  <Td label="When" className="audit-when">
                    {formatDateTime(e.createdAt)}
                  </Td>
                  <Td label="What happened" className="cell-primary">
                    {e.actionLabel}
                    <div className="muted small mono">{e.action}</div>
                  </Td>
                  <Td label="Who">{e.actorLabel}</Td>
                  {showProvider ? <Td label="Provider">{e.providerName ?? (e.providerId ? 'Deleted provider' : 'Platform')}</Td> : null}
                  <Td label="On what">{e.targetLabel ?? '—'}</Td>
                  <Td label="Details">
                    {e.details.length ? (
                      <dl className="audit-details">
                        {e.details.map((d) => (
                          <div key={d.label}>
                            <dt>{d.label}:</dt> <dd>{d.value}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : (
                      '—'
                    )}
                  </Td>
                  <Td label="IP">{e.ip ?? '—'}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <LoadMore query={query} />
        </>
      )}
    </>
  );
}
