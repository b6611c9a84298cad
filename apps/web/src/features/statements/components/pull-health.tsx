import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/format';
import type { StatementSourceDto } from '../api/types';
import { HEALTH_LABELS, HEALTH_TONES } from './format';

/** A day after registering, Pull has had time to list an STK payment if it ever will. */
const registeredLongAgo = (s: StatementSourceDto) => s.lastSuccessAt !== null && s.registeredAt !== null && Date.now() - new Date(s.registeredAt).getTime() > 86_400_000;

/** A pulled shortcode's health as a badge ("Off" when pulling is disabled). */
export function HealthBadge({ source }: { source: StatementSourceDto }) {
  if (!source.pullEnabled) return <Badge tone="neutral">Off</Badge>;
  if (source.health === 'ok' && !source.lastPullAt) return <Badge tone="info">Not checked yet</Badge>;
  return <Badge tone={HEALTH_TONES[source.health]}>{HEALTH_LABELS[source.health]}</Badge>;
}

/** The health in plain words: when it was last checked, or what is wrong and what to do. */
export function PullHealthExplanation({ source, uploadHint = true }: { source: StatementSourceDto; uploadHint?: boolean }) {
  if (!source.pullEnabled) return <p className="muted small">Pulling is switched off for shortcode {source.shortcode}.</p>;
  const meanwhile = uploadHint ? ' Meanwhile, upload the M-Pesa statement below so no payment is missed.' : '';
  switch (source.health) {
    case 'ok':
      return (
        <>
          <p className="stmt-health-text">
            Checked every 5 minutes; {source.lastPullAt ? `last checked ${formatDateTime(source.lastPullAt)}` : 'not checked yet (the first check runs within 5 minutes)'}.
          </p>
          {!source.listsStk && registeredLongAgo(source) ? (
            <p className="muted small">
              Safaricom has not listed an STK (Lipa na M-Pesa Online) payment for this shortcode yet. Some shortcodes only list paybill payments; if an STK payment goes missing, the uploaded statement
              still finds it.
            </p>
          ) : null}
        </>
      );
    case 'suspect':
    case 'not_registered':
      return (
        <Alert tone="warning" title={source.health === 'not_registered' ? 'Pull Transactions is probably not set up for this shortcode' : 'Safaricom answers “no records”'}>
          <p>
            Safaricom answers “no records” for shortcode {source.shortcode}
            {source.health === 'not_registered' ? ' again and again' : ''} although payments arrived on it, so the shortcode is probably not set up for Pull Transactions. Ask Safaricom (M-Pesa
            business support) to enable Pull Transactions for it.{meanwhile}
          </p>
          {source.lastPullAt ? <p className="small">Last checked {formatDateTime(source.lastPullAt)}.</p> : null}
        </Alert>
      );
    case 'failing':
      return (
        <Alert tone="danger" title="The last check failed">
          <p>{source.lastError ?? 'Safaricom’s Pull Transactions API answered with an error.'}</p>
          <p className="small">
            {source.lastPullAt ? `Last tried ${formatDateTime(source.lastPullAt)}. ` : ''}
            {source.lastSuccessAt ? `Last worked ${formatDateTime(source.lastSuccessAt)}. ` : ''}Wavu keeps trying every 5 minutes.
          </p>
        </Alert>
      );
  }
}
