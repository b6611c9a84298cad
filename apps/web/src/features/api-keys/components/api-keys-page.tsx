import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { apiKeyQueries, useCreateApiKey, useRevokeApiKey, type CreateApiKeyBody } from '../api/api-key-queries';

const FIELDS = ['name', 'scope'] as const;

/** Owner only: keys for integrators (shown once, revocable), with a link to the API reference. */
export function ApiKeysPage({ docsUrl }: { docsUrl: string }) {
  const query = useQuery(apiKeyQueries.list());
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [form, setForm] = useState<CreateApiKeyBody>({ name: '', scope: 'read' });
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const errors = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!errors.check({ name: form.name.trim() ? undefined : 'Give the key a name.' })) return focusFirstInvalid(formRef.current);
    create.mutate(
      { ...form, name: form.name.trim() },
      {
        onSuccess: (r) => {
          setSecret(r.secret);
          setForm({ name: '', scope: 'read' });
        },
        onError: (err) => errors.fromServer(err),
      },
    );
  };

  return (
    <>
      <Card title="Use the Wavu API">
        <p>
          Everything you do in the dashboard can be scripted over <code>/api/v1</code> with a key sent as <code>Authorization: Bearer &lt;key&gt;</code>. The full reference (OpenAPI) is at{' '}
          <a href={docsUrl} target="_blank" rel="noreferrer">
            {docsUrl}
          </a>
          .
        </p>
      </Card>
      <Card title="Create a key">
        <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Create an API key">
          <Input
            label="Key name"
            value={form.name}
            onChange={(e) => (setForm({ ...form, name: e.target.value }), errors.clearField('name'))}
            error={errors.errors.name}
            hint="e.g. Accounting export"
          />
          <Select label="Access" value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value as CreateApiKeyBody['scope'] })} error={errors.errors.scope}>
            <option value="read">Read only (GET)</option>
            <option value="full">Full access</option>
          </Select>
          {errors.formError ? <Alert tone="danger">{errors.formError}</Alert> : null}
          <div className="form-actions">
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
        {secret ? (
          <Alert tone="success" title="Copy your key now — it is shown only once">
            <code className="secret" data-testid="api-key-secret">
              {secret}
            </code>
          </Alert>
        ) : null}
      </Card>
      <Card title="Keys">
        {query.isPending ? (
          <LoadingState label="Loading keys…" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <EmptyState title="No API keys yet" />
        ) : (
          <Table caption="API keys">
            <thead>
              <Tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Access</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Action</Th>
              </Tr>
            </thead>
            <tbody>
              {query.data.items.map((k) => (
                <Tr key={k.id}>
                  <Td label="Name">{k.name}</Td>
                  <Td label="Key">
                    <code>{k.prefix}…</code>
                  </Td>
                  <Td label="Access">{k.scope === 'full' ? 'full' : 'read only'}</Td>
                  <Td label="Created">{formatDateTime(k.createdAt)}</Td>
                  <Td label="Last used">{formatDateTime(k.lastUsedAt)}</Td>
                  <Td label="Action">
                    {k.revokedAt ? (
                      <Badge tone="neutral">revoked</Badge>
                    ) : (
                      <Button size="sm" variant="danger" onClick={() => setRevoking({ id: k.id, name: k.name })} aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        description="Scripts using this key stop working at once. This cannot be undone."
        confirmLabel="Revoke"
        tone="danger"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() => revoke.mutate(revoking!.id, { onSuccess: () => setRevoking(null) })}
      />
    </>
  );
}
