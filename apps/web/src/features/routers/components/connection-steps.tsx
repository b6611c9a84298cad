import type { ConnectionTest } from '../api/types';
import './routers.css';

const LABELS: Record<string, string> = {
  tcp: 'Reach the router (TCP)',
  handshake: 'API handshake',
  login: 'Log in',
  permission: 'Permission to manage hotspot users',
  identity: 'Identity and version',
};

/** One line per test-connection step, with the hint for a failed step. */
export function ConnectionSteps({ result }: { result: ConnectionTest }) {
  return (
    <div role="status" aria-label="Connection test result">
      <p>
        <strong>{result.ok ? `Connected: ${result.identity ?? ''} (RouterOS ${result.version ?? '?'})` : 'Connection test failed'}</strong>
      </p>
      <ol className="type-list">
        {result.steps.map((s) => (
          <li key={s.step}>
            <span>{s.status === 'passed' ? '✔' : s.status === 'failed' ? '✘' : '–'}</span> {LABELS[s.step] ?? s.step}: {s.status}
            {s.detail ? <span className="muted small"> — {s.detail}</span> : null}
            {s.hint ? <div className="field-hint">{s.hint}</div> : null}
          </li>
        ))}
      </ol>
      {result.tlsFingerprint ? (
        <p className="small">
          The router&apos;s api-ssl certificate, SHA-256: <span className="mono fingerprint">{result.tlsFingerprint}</span>. It should match the fingerprint{' '}
          <span className="mono">/certificate print detail</span> shows on the router.
        </p>
      ) : null}
    </div>
  );
}
