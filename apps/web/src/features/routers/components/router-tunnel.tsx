import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { useDownloadSetupKit } from '../api/router-mutations';
import type { RouterDto, RouterTunnel } from '../api/types';
import { formatBytes } from './router-status';
import './routers.css';

type Step = RouterTunnel['onboarding'][number];

const STEP_TITLES: Record<Step['step'], string> = {
  kit: 'Download the setup kit',
  handshake: 'The router dials in to Wavu',
  api: 'Wavu logs in through the tunnel',
};

/** The tunnel state in one or two words, for the routers list. */
const STATE_WORDS: Record<RouterTunnel['state'], string> = { up: 'connected', waiting: 'waiting for the router', down: 'down' };

const NOT_REPORTING = "The platform's tunnel service is not reporting; figures may be stale.";

/** "just now", "2 min ago", "3 h ago", "4 days ago". */
function ago(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** "Connected — last handshake 2 min ago", "Waiting for the router to dial in", "Down since …". */
function stateSentence(tunnel: RouterTunnel): string {
  if (tunnel.state === 'waiting' || !tunnel.lastHandshakeAt) return 'Waiting for the router to dial in';
  if (tunnel.state === 'up') return `Connected — last handshake ${ago(tunnel.lastHandshakeAt)}`;
  return `Down since ${formatDateTime(tunnel.lastHandshakeAt)} (last handshake ${ago(tunnel.lastHandshakeAt)})`;
}

/** The routers list's mark for a tunnel router: a "tunnel" tag and the tunnel's state. */
export function TunnelTag({ tunnel }: { tunnel: RouterTunnel }) {
  return (
    <>
      {' '}
      <Badge tone="info">tunnel</Badge>
      <div className={`small tunnel-state-${tunnel.state}`}>{STATE_WORDS[tunnel.state]}</div>
    </>
  );
}

/**
 * The three steps that bring a tunnel router in (kit, the router dials in, Wavu logs in): done
 * ones with their time, the first open one with what to do, later ones waiting their turn.
 * `kitActions` sits under step 1 (the download button on the router page).
 */
export function TunnelSteps({ tunnel, kitActions }: { tunnel: RouterTunnel; kitActions?: ReactNode }) {
  const firstOpen = tunnel.onboarding.findIndex((s) => !s.done);
  return (
    <ol className="tunnel-steps" aria-label="Tunnel setup steps">
      {tunnel.onboarding.map((s, i) => {
        const open = i === firstOpen;
        return (
          <li key={s.step} className={s.done ? 'is-done' : open ? 'is-open' : 'is-later'}>
            <span className="tunnel-step-mark" aria-hidden="true">
              {s.done ? '✓' : i + 1}
            </span>
            <div className="tunnel-step-body">
              <span className="visually-hidden">{s.done ? 'Done: ' : 'Not done yet: '}</span>
              <strong>{STEP_TITLES[s.step]}</strong>
              {s.done ? <div className="muted small">{s.at ? formatDateTime(s.at) : 'done'}</div> : null}
              {open && s.hint ? <p className="field-hint tunnel-step-hint">{s.hint}</p> : null}
              {!s.done && !open ? <div className="small">After the step above.</div> : null}
              {s.step === 'kit' && kitActions ? <div className="tunnel-step-actions">{kitActions}</div> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * A tunnel router's "Tunnel" panel: its state, the onboarding checklist (with the setup kit
 * download near step 1 for the owner), the addresses on both ends and the traffic through it.
 */
export function TunnelPanel({ router, tunnel, canManage, kitPath }: { router: RouterDto; tunnel: RouterTunnel; canManage: boolean; kitPath: string }) {
  const download = useDownloadSetupKit(router.id);
  const kitDone = tunnel.onboarding.find((s) => s.step === 'kit')?.done ?? false;
  const kitActions = canManage ? (
    <>
      <div className="form-actions">
        <Button
          size="sm"
          variant={kitDone ? 'secondary' : 'primary'}
          onClick={() => download.mutate({ format: 'rsc', platformAddress: '', wanInterface: '', lanInterfaces: '' })}
          loading={download.isPending}
        >
          {kitDone ? 'Download the setup kit again' : 'Download setup kit (.rsc)'}
        </Button>
        <Link className="btn btn-ghost btn-sm" to={kitPath}>
          Other ports or the .zip
        </Link>
      </div>
      <p className="muted small">Internet on ether1, hotspot on ether2; the Setup kit tab lets you change them.</p>
      {download.isError ? <Alert tone="danger">{errorMessage(download.error)}</Alert> : null}
    </>
  ) : undefined;
  return (
    <Card title="Tunnel" className="router-tunnel" aria-label="Tunnel">
      <p className={`tunnel-state tunnel-state-${tunnel.state}`} data-testid="tunnel-state">
        <span className="tunnel-state-dot" aria-hidden="true" />
        {stateSentence(tunnel)}
      </p>
      {!tunnel.hubReporting ? <Alert tone="warning">{NOT_REPORTING}</Alert> : null}
      <p className="muted small">This router has no public IP address: it dials Wavu over a WireGuard tunnel (RouterOS 7), and Wavu reaches it inside the tunnel at {tunnel.address}.</p>
      <TunnelSteps tunnel={tunnel} kitActions={kitActions} />
      <dl className="details tunnel-details">
        <dt>Tunnel address</dt>
        <dd>
          {tunnel.address}:{router.apiPort}
        </dd>
        <dt>Dials Wavu at</dt>
        <dd>{tunnel.hubEndpoint} (UDP)</dd>
        <dt>Public address as Wavu sees it</dt>
        <dd>{tunnel.peerEndpoint ?? 'not seen yet'}</dd>
        <dt>Received from the router</dt>
        <dd>{formatBytes(tunnel.rxBytes)}</dd>
        <dt>Sent to the router</dt>
        <dd>{formatBytes(tunnel.txBytes)}</dd>
        <dt>First connected</dt>
        <dd>{formatDateTime(tunnel.enrolledAt)}</dd>
        <dt>Router&apos;s tunnel key (public)</dt>
        <dd className="mono fingerprint small">{tunnel.publicKey}</dd>
      </dl>
    </Card>
  );
}
