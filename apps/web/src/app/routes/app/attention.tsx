import { Link, useParams } from 'react-router-dom';
import { AttentionDetail } from '@/features/attention/components/attention-detail';
import { AttentionList } from '@/features/attention/components/attention-list';
import { WebhookLogs } from '@/features/attention/components/webhook-logs';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

export function AttentionRoute() {
  useTitle('Needs attention');
  return (
    <>
      <h1 className="page-title">Needs attention</h1>
      <p className="muted">Money that did not turn into a voucher by itself: issue the voucher, mark a refund due, or dismiss it with a reason.</p>
      <AttentionList scope="provider" itemPath={paths.attentionItem} />
    </>
  );
}

/** Owner and staff may look; only the owner resolves (the API refuses staff too). */
export function AttentionItemRoute() {
  useTitle('Needs attention');
  const { id = '' } = useParams();
  const me = useMe();
  return (
    <>
      <p>
        <Link to={paths.attention}>← Back to Needs attention</Link>
      </p>
      <h1 className="page-title">Needs attention</h1>
      <AttentionDetail scope="provider" id={id} canResolve={me.role === 'provider_owner'} />
    </>
  );
}

export function WebhookLogsRoute() {
  useTitle('M-Pesa callbacks');
  return (
    <>
      <h1 className="page-title">M-Pesa callbacks</h1>
      <p className="muted">Every notification M-Pesa sent for your payments. A customer says they paid but got nothing? Search the receipt from their SMS.</p>
      <WebhookLogs paymentPath={paths.payment} />
    </>
  );
}

/** Every provider's items and money on the platform's shortcode with no provider. */
export function AdminAttentionRoute() {
  useTitle('Needs attention');
  return (
    <>
      <h1 className="page-title">Needs attention</h1>
      <p className="muted">Every provider's money that did not turn into a voucher by itself, and money on the platform's shortcode that matched no provider.</p>
      <AttentionList scope="admin" itemPath={paths.adminAttentionItem} />
      <h2 className="page-title" style={{ fontSize: '1.25rem', marginTop: 24 }}>
        Platform paybill callbacks
      </h2>
      <p className="muted">What M-Pesa sent to the platform's own paybill or till. Search a receipt to see where a customer's money went.</p>
      <WebhookLogs scope="admin" />
    </>
  );
}

export function AdminAttentionItemRoute() {
  useTitle('Needs attention');
  const { id = '' } = useParams();
  return (
    <>
      <p>
        <Link to={paths.adminAttention}>← Back to Needs attention</Link>
      </p>
      <h1 className="page-title">Needs attention</h1>
      <AttentionDetail scope="admin" id={id} canResolve />
    </>
  );
}
