import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Alert } from '@/components/ui/alert';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { dashboardQueries, useRetryOutbox, useRunJob } from '../api/dashboard-queries';

const JOB_TONE = { succeeded: 'success', failed: 'danger', running: 'info' } as const;

/** Super admin: jobs, background-work queues, outbox backlog per router (retry), failing routers, webhook failures (masked). */
export function SystemHealthPage() {
  const query = useQuery(dashboardQueries.systemHealth());
  const runJob = useRunJob();
  const retry = useRetryOutbox();
  const [confirmJob, setConfirmJob] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (query.isPending) return <LoadingState label="Loading system health…" />;
  if (query.isError) return <ErrorState title="Could not load system health" error={query.error} onRetry={() => void query.refetch()} />;
  const h = query.data;
  return (
    <>
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Card title="Jobs">
        <Table caption="Scheduled jobs">
          <thead>
            <Tr>
              <Th>Job</Th>
              <Th>Last run</Th>
              <Th>Outcome</Th>
              <Th>Duration</Th>
              <Th>24 h</Th>
              <Th>Action</Th>
            </Tr>
          </thead>
          <tbody>
            {h.jobs.map((j) => (
              <Tr key={j.name}>
                <Td label="Job">{j.name}</Td>
                <Td label="Last run">{j.lastRun ? formatDateTime(j.lastRun.startedAt) : 'never'}</Td>
                <Td label="Outcome">
                  {j.lastRun ? <Badge tone={JOB_TONE[j.lastRun.status] ?? 'neutral'}>{j.lastRun.status}</Badge> : '—'}
                  {j.lastRun?.error ? <div className="muted small">{j.lastRun.error}</div> : null}
                </Td>
                <Td label="Duration">{j.lastRun?.durationMs != null ? `${j.lastRun.durationMs} ms` : '—'}</Td>
                <Td label="24 h">
                  {j.runs24h} runs{j.failed24h ? <Badge tone="danger">{`${j.failed24h} failed`}</Badge> : null}
                </Td>
                <Td label="Action">
                  {j.runnable ? (
                    <Button size="sm" variant="secondary" onClick={() => setConfirmJob(j.name)} aria-label={`Run ${j.name} now`}>
                      Run now
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Background work">
        <Table caption="Background-work queues (bulk syncs, batch generation)">
          <thead>
            <Tr>
              <Th>Queue</Th>
              <Th>Waiting</Th>
              <Th>Running</Th>
              <Th>Failed (24 h)</Th>
              <Th>Oldest waiting</Th>
            </Tr>
          </thead>
          <tbody>
            {h.queues.map((q) => (
              <Tr key={q.queue}>
                <Td label="Queue">{q.queue}</Td>
                <Td label="Waiting">{q.queued}</Td>
                <Td label="Running">{q.active}</Td>
                <Td label="Failed (24 h)">{q.failedLast24h ? <Badge tone="danger">{`${q.failedLast24h} failed`}</Badge> : '0'}</Td>
                <Td label="Oldest waiting">{q.oldestQueuedAt ? formatDateTime(q.oldestQueuedAt) : '—'}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <ConfirmDialog
        open={confirmJob !== null}
        title={`Run ${confirmJob ?? ''} now?`}
        description="The job runs immediately on this instance (skipped if a run is already in progress)."
        confirmLabel="Run now"
        pending={runJob.isPending}
        error={runJob.isError ? errorMessage(runJob.error) : null}
        onCancel={() => {
          runJob.reset();
          setConfirmJob(null);
        }}
        onConfirm={() =>
          runJob.mutate(confirmJob!, {
            onSuccess: (r) => {
              setMessage(`${confirmJob}: ${r.status}${r.error ? ` — ${r.error}` : ''}`);
              setConfirmJob(null);
            },
          })
        }
      />
      <Card title="Router sync backlog">
        {h.outbox.length === 0 ? (
          <EmptyState title="Every router is in sync" />
        ) : (
          <Table caption="Outbox backlog per router">
            <thead>
              <Tr>
                <Th>Router</Th>
                <Th>Provider</Th>
                <Th>Waiting</Th>
                <Th>Dead letters</Th>
                <Th>Not confirmed</Th>
                <Th>Last error</Th>
                <Th>Action</Th>
              </Tr>
            </thead>
            <tbody>
              {h.outbox.map((o) => (
                <Tr key={o.routerId}>
                  <Td label="Router">
                    {o.routerName} <Badge tone={o.status === 'online' ? 'success' : 'danger'}>{o.status}</Badge>
                  </Td>
                  <Td label="Provider">{o.providerName ?? o.providerId}</Td>
                  <Td label="Waiting">
                    {o.pending}
                    {o.oldestPendingAt ? <div className="muted small">since {formatDateTime(o.oldestPendingAt)}</div> : null}
                  </Td>
                  <Td label="Dead letters">{o.dead ? <Badge tone="danger">{String(o.dead)}</Badge> : 0}</Td>
                  <Td label="Not confirmed">{o.unconfirmed ? <Badge tone="warning">{`${o.unconfirmed} user${o.unconfirmed === 1 ? '' : 's'}`}</Badge> : 0}</Td>
                  <Td label="Last error">{o.lastError ?? '—'}</Td>
                  <Td label="Action">
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={retry.isPending && retry.variables === o.routerId}
                      onClick={() =>
                        retry.mutate(o.routerId, {
                          onSuccess: (r) => setMessage(`${o.routerName}: ${r.retried} operation(s) due again${o.unconfirmed ? `; checking the router for ${o.unconfirmed} unconfirmed user(s)` : ''}`),
                        })
                      }
                      aria-label={`Retry ${o.routerName} now`}
                    >
                      Retry now
                    </Button>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
        {retry.isError ? <Alert tone="danger">{errorMessage(retry.error)}</Alert> : null}
      </Card>
      <Card title="Failing routers">
        {h.failingRouters.length === 0 ? (
          <EmptyState title="No router is offline or failing" />
        ) : (
          <Table caption="Failing routers">
            <thead>
              <Tr>
                <Th>Router</Th>
                <Th>Provider</Th>
                <Th>Status</Th>
                <Th>Since</Th>
                <Th>Error</Th>
              </Tr>
            </thead>
            <tbody>
              {h.failingRouters.map((r) => (
                <Tr key={r.routerId}>
                  <Td label="Router">{r.routerName}</Td>
                  <Td label="Provider">{r.providerName ?? r.providerId}</Td>
                  <Td label="Status">
                    <Badge tone="danger">{r.status}</Badge>
                  </Td>
                  <Td label="Since">{formatDateTime(r.since)}</Td>
                  <Td label="Error">{r.lastError ?? r.alert ?? '—'}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Recent webhook failures">
        {h.webhookFailures.length === 0 ? (
          <EmptyState title="No failed webhooks in the last 7 days" />
        ) : (
          h.webhookFailures.map((w) => (
            <details key={w.id} className="card-details">
              <summary>
                {formatDateTime(w.receivedAt)} · {w.kind} · <Badge tone="danger">{w.outcome === 'received' ? 'stuck' : w.outcome}</Badge> · {w.providerName ?? 'unknown provider'}{' '}
                {w.detail ? `— ${w.detail}` : ''}
              </summary>
              <pre className="code-block">{JSON.stringify(w.body, null, 2)}</pre>
            </details>
          ))
        )}
      </Card>
      <Card title="Accounts under password attack">
        {h.loginAlerts.length === 0 ? (
          <EmptyState title="No account drew failed logins from many addresses in the last 24 hours" />
        ) : (
          <>
            <p className="muted small">Nobody was locked out: each guessing address waits on its own. Check the account's password and who owns it.</p>
            <Table caption="Accounts under password attack">
              <thead>
                <Tr>
                  <Th>Account</Th>
                  <Th>Failed logins</Th>
                  <Th>When</Th>
                </Tr>
              </thead>
              <tbody>
                {h.loginAlerts.map((a) => (
                  <Tr key={`${a.userId}-${a.at}`}>
                    <Td label="Account">{a.email ?? a.userId ?? '—'}</Td>
                    <Td label="Failed logins">{a.failures}</Td>
                    <Td label="When">{formatDateTime(a.at)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Card>
      <p className="muted small">Updated {formatDateTime(h.generatedAt)}</p>
    </>
  );
}
