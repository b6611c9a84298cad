import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDateTime, formatPhone, PROVIDER_TYPE_LABELS } from '@/lib/format';
import { providerQueries } from '@/lib/provider-queries';
import { ProviderProfileForm } from './provider-profile-form';

/** Profile view with an Edit mode; `canEdit` is false for staff accounts. */
export function ProviderProfile({ canEdit, onSaved }: { canEdit: boolean; onSaved?: () => void }) {
  const query = useQuery(providerQueries.detail());
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  if (query.isPending) return <LoadingState label="Loading your profile…" />;
  if (query.isError) return <ErrorState title="Could not load your profile" error={query.error} onRetry={() => void query.refetch()} />;

  const provider = query.data;

  if (editing) {
    return (
      <Card title="Edit profile">
        <ProviderProfileForm
          provider={provider}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            onSaved?.();
          }}
        />
      </Card>
    );
  }

  return (
    <Card
      title={provider.businessName}
      actions={
        canEdit ? (
          <Button
            variant="secondary"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            Edit profile
          </Button>
        ) : null
      }
    >
      {saved ? <Alert tone="success">Profile saved.</Alert> : null}
      <dl className="details">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={provider.status} />
            {provider.statusReason ? <span className="muted"> — {provider.statusReason}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Business name</dt>
          <dd>{provider.businessName}</dd>
        </div>
        <div>
          <dt>Contact name</dt>
          <dd>{provider.contactName}</dd>
        </div>
        <div>
          <dt>Contact email</dt>
          <dd>{provider.contactEmail}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{formatPhone(provider.phone)}</dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>{provider.location || <span className="muted">Not set</span>}</dd>
        </div>
        <div>
          <dt>Provider type</dt>
          <dd>{PROVIDER_TYPE_LABELS[provider.type] ?? provider.type}</dd>
        </div>
        <div>
          <dt>Signed up</dt>
          <dd>{formatDateTime(provider.createdAt)}</dd>
        </div>
        <div>
          <dt>Approved</dt>
          <dd>{provider.approvedAt ? formatDateTime(provider.approvedAt) : <span className="muted">Not yet</span>}</dd>
        </div>
      </dl>
    </Card>
  );
}
