import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { ProviderAction } from '../api/provider-transitions';
import { ACTIONS_BY_STATUS } from '../api/provider-transitions';
import type { ProviderDto } from '@/lib/api/types';
import { formatDateTime, formatPhone } from '@/lib/format';
import { ACTION_LABELS } from './provider-action-dialog';

interface Props {
  providers: ProviderDto[];
  onAction: (provider: ProviderDto, action: ProviderAction) => void;
}

export function ProvidersTable({ providers, onAction }: Props) {
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
              <div className="muted small">{p.contactEmail}</div>
              <div className="muted small">{formatPhone(p.phone)}</div>
            </Td>
            <Td label="Type">{p.type}</Td>
            <Td label="Status">
              <StatusBadge status={p.status} />
              {p.statusReason ? <div className="muted small">{p.statusReason}</div> : null}
            </Td>
            <Td label="Signed up">{formatDateTime(p.createdAt)}</Td>
            <Td label="Actions" className="cell-actions">
              {ACTIONS_BY_STATUS[p.status].length === 0 ? (
                <span className="muted small">No actions</span>
              ) : (
                ACTIONS_BY_STATUS[p.status].map((action) => (
                  <Button
                    key={action}
                    size="sm"
                    variant={action === 'approve' || action === 'reactivate' ? 'primary' : 'secondary'}
                    onClick={() => onAction(p, action)}
                  >
                    {ACTION_LABELS[action]}
                  </Button>
                ))
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
