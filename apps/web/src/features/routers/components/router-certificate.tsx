import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { useAcceptCertificate } from '../api/router-mutations';
import type { RouterDto, RouterTls } from '../api/types';
import './routers.css';

export const PLAINTEXT_WARNING = 'Plaintext API: the router password crosses the network readable. Use api-ssl, or a tunnel.';

const CHANGED =
  'The router presented a different TLS certificate than the one recorded. If you reset or replaced the router, compare the fingerprint and accept the new certificate on the router page; otherwise someone may be intercepting the connection.';

/** How Wavu talks to the router: api-ssl with the recorded certificate, or the plaintext API (encrypted by WireGuard inside the tunnel). */
export function ConnectionSecurity({ router }: { router: RouterDto }) {
  if (!router.tls) return <>{router.connectionMode === 'tunnel' ? 'Plain API inside the WireGuard tunnel (the tunnel encrypts it)' : 'Plaintext API (no encryption)'}</>;
  return (
    <>
      Encrypted (api-ssl) ·{' '}
      {router.tls.fingerprint ? (
        <>
          certificate SHA-256 <span className="mono fingerprint">{router.tls.fingerprint}</span>
        </>
      ) : (
        'certificate recorded at the first connection'
      )}
    </>
  );
}

/**
 * The warnings at the top of a router's page: the plaintext API (not inside the tunnel, which
 * encrypts it), or a certificate other than the recorded one (both fingerprints, and "Accept new
 * certificate" for the owner, confirmed first).
 */
export function ConnectionSecurityAlert({ router, canManage }: { router: RouterDto; canManage: boolean }) {
  if (!router.tls) return router.connectionMode === 'tunnel' ? null : <Alert tone="warning">{PLAINTEXT_WARNING}</Alert>;
  if (!router.tls.pendingFingerprint) return null;
  return <CertificateChanged id={router.id} tls={router.tls} pending={router.tls.pendingFingerprint} canManage={canManage} />;
}

function CertificateChanged({ id, tls, pending, canManage }: { id: string; tls: RouterTls; pending: string; canManage: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const accept = useAcceptCertificate(id);
  return (
    <Alert tone="danger" title="The router presented a new certificate">
      <p>{CHANGED}</p>
      <dl className="details fingerprints">
        <dt>Recorded certificate (SHA-256)</dt>
        <dd className="mono fingerprint">{tls.fingerprint ?? '—'}</dd>
        <dt>Presented {tls.pendingSince ? `since ${formatDateTime(tls.pendingSince)}` : 'now'} (SHA-256)</dt>
        <dd className="mono fingerprint">{pending}</dd>
      </dl>
      <p className="small">
        On the router, <span className="mono">/certificate print detail</span> shows its certificate&apos;s fingerprint. Until you accept it, Wavu does not log in to this router (nothing is sent to
        it).
      </p>
      {canManage ? (
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Accept new certificate
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Accept the router's new certificate?"
        description={
          <>
            <p>Only if the router&apos;s own fingerprint is exactly this one:</p>
            <p className="mono fingerprint">{pending}</p>
            <p>Wavu then logs in to the router with it and refuses any other certificate.</p>
          </>
        }
        confirmLabel="Accept new certificate"
        tone="danger"
        pending={accept.isPending}
        error={accept.isError ? errorMessage(accept.error) : undefined}
        onCancel={() => {
          accept.reset();
          setConfirming(false);
        }}
        onConfirm={() => accept.mutate(pending, { onSuccess: () => setConfirming(false) })}
      />
    </Alert>
  );
}
