import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { ProviderDto } from '@/lib/api/types';
import { formatDateTime, formatPhone, PROVIDER_TYPE_LABELS } from '@/lib/format';
import type { ProviderAction } from '../api/provider-transitions';
import { ACTION_LABELS } from './provider-action-dialog';

interface Props {
  providers: ProviderDto[];
  onAction: (provider: ProviderDto, action: ProviderAction) => void;
  /** Opens the provider's M-Pesa panel (commission override, payouts). */
  onPayments?: (provider: ProviderDto) => void;
}

export function ProvidersTable({ providers, onAction, onPayments }: Props) {
  return (
    <Table caption="Providers">
      <thead>
        <Tr>
          <Th>Business</Th>
          <Th>Contact</Th>
          <Th>Type</Th>
          <Th>Status</Th>
          <Th>Signed up</Th>
          <Th>
            <span className="visually-hidden">Actions</span>
          </Th>
        </Tr>
      </thead>
      <tbody>
        {providers.map((p) => (
          <Tr key={p.id}>
            <Td label="Business" className="cell-primary">
              <strong>{p.businessName}</strong>
              {p.location ? <div className="muted small">{p.location}</div> : null}
            </Td>
            <Td label="Contact">
              <div>{p.contactName}</div>
              <div className="muted small break">{p.contactEmail}</div>
              <div className="muted small">{formatPhone(p.phone)}</div>
            </Td>
            <Td label="Type">{PROVIDER_TYPE_LABELS[p.type] ?? p.type}</Td>
            <Td label="Status">
              <StatusBadge status={p.status} />
              {p.statusReason ? <div className="muted small">{p.statusReason}</div> : null}
            </Td>
            <Td label="Signed up">{formatDateTime(p.createdAt)}</Td>
            <Td label="Actions" className="cell-actions">
              {/* Only the transitions the API says are legal for this provider. */}
              {p.allowedActions.length === 0 ? (
                <span className="muted small">No actions</span>
              ) : (
                p.allowedActions.map((action) => (
                  <Button key={action} size="sm" variant={action === 'approve' || action === 'reactivate' ? 'primary' : 'secondary'} onClick={() => onAction(p, action)}>
                    {ACTION_LABELS[action]}
                  </Button>
                ))
              )}
              {onPayments && p.status !== 'pending' && p.status !== 'rejected' ? (
                <Button size="sm" variant="ghost" onClick={() => onPayments(p)} aria-label={`M-Pesa for ${p.businessName}`}>
                  M-Pesa
                </Button>
              ) : null}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
