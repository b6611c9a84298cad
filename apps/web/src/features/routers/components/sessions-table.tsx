import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { useKickSession } from '../api/router-mutations';
import type { SessionDto } from '../api/types';
import { formatBytes, formatDuration } from './router-status';

export interface RouterSession extends SessionDto {
  routerId: string;
  routerName?: string;
}

/**
 * Active hotspot sessions with "End session": confirmed first, and the result (or the router's
 * refusal) is reported above the table, and stays when the last session is gone (then `empty` shows).
 * `routerPath` adds a Router column (who is online).
 */
export function SessionsTable({ sessions, caption, routerPath, empty }: { sessions: RouterSession[]; caption: string; routerPath?: (id: string) => string; empty: ReactNode }) {
  const kick = useKickSession();
  const [pending, setPending] = useState<RouterSession | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const where = (s: RouterSession) => (s.routerName ? ` on ${s.routerName}` : '');
  return (
    <>
      {ended ? <Alert tone="success">{ended}</Alert> : null}
      {sessions.length === 0 ? empty : null}
      {sessions.length === 0 ? null : (
        <Table caption={caption}>
          <thead>
            <Tr>
              <Th>User</Th>
              {routerPath ? <Th>Router</Th> : null}
              <Th>IP</Th>
              <Th>MAC</Th>
              <Th>Uptime</Th>
              <Th>Time left</Th>
              <Th>Down / up</Th>
              <Th>
                <span className="visually-hidden">Actions</span>
              </Th>
            </Tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <Tr key={`${s.routerId}:${s.id}`}>
                <Td label="User" className="cell-primary">
                  <span className="mono">{s.user}</span>
                </Td>
                {routerPath ? (
                  <Td label="Router">
                    <Link to={routerPath(s.routerId)}>{s.routerName}</Link>
                  </Td>
                ) : null}
                <Td label="IP">{s.address}</Td>
                <Td label="MAC">{s.macAddress ?? '—'}</Td>
                <Td label="Uptime">{formatDuration(s.uptimeSeconds)}</Td>
                <Td label="Time left">{s.timeLeftSeconds === null ? 'no limit' : formatDuration(s.timeLeftSeconds)}</Td>
                <Td label="Down / up">
                  {formatBytes(s.bytesOut)} / {formatBytes(s.bytesIn)}
                </Td>
                <Td label="Actions" className="cell-actions">
                  <Button
                    size="sm"
                    variant="danger"
                    aria-label={`Kick ${s.user}`}
                    onClick={() => {
                      kick.reset();
                      setEnded(null);
                      setPending(s);
                    }}
                  >
                    Kick
                  </Button>
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={`End ${pending?.user ?? ''}'s session?`}
        description={
          pending
            ? `The device at ${pending.address}${where(pending)} is logged out of the hotspot now. Its voucher is not changed: it can log in again while the voucher is valid (disable the voucher to stop that).`
            : undefined
        }
        confirmLabel="End session"
        tone="danger"
        pending={kick.isPending}
        error={kick.isError ? errorMessage(kick.error) : undefined}
        onCancel={() => {
          kick.reset();
          setPending(null);
        }}
        onConfirm={() => {
          if (!pending) return;
          const s = pending;
          kick.mutate(
            { routerId: s.routerId, sessionId: s.id },
            {
              onSuccess: () => {
                setEnded(`Session ended: ${s.user}${where(s)} was logged out.`);
                setPending(null);
              },
            },
          );
        }}
      />
    </>
  );
}
