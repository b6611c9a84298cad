import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { formatCount, formatDateTime } from '@/lib/format';
import { statementQueries } from '../api/statement-queries';
import type { ReconciliationStatusDto, StatementSourceDto } from '../api/types';
import { HealthBadge, PullHealthExplanation } from './pull-health';
import { PullRegistrationForm } from './pull-registration-form';
import { StatementLines } from './statement-lines';
import { StatementUploadCard } from './statement-upload-card';
import { StatementUploads } from './statement-uploads';
import './statements.css';

/**
 * A provider's statement reconciliation. Under platform collection the platform checks its own
 * statement, so this only lists the lines that concern them; with an own shortcode: Pull
 * Transactions (register, health), statement upload → preview → apply, unmatched lines, uploads.
 * `canManage` (the owner) may register, upload and apply; staff only look.
 */
export function ReconciliationPage({ canManage, onApplied }: { canManage: boolean; onApplied?: () => void }) {
  const status = useQuery(statementQueries.reconciliation());
  const [openId, setOpenId] = useState<string | null>(null);

  if (status.isPending) return <LoadingState label="Loading reconciliation…" />;
  if (status.isError) return <ErrorState title="Could not load the reconciliation status" error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

  if (s.ownShortcode === null) return <PlatformCollection />;
  return (
    <>
      <p className="stmt-lede">
        Payments on shortcode <strong>{s.ownShortcode}</strong> are compared with your M-Pesa statement, so a payment whose M-Pesa notification never arrived is still settled (once) and its voucher
        issued.
        {s.unmatchedLines > 0 ? ` ${formatCount(s.unmatchedLines)} statement line${s.unmatchedLines === 1 ? '' : 's'} match${s.unmatchedLines === 1 ? 'es' : ''} no purchase (below).` : ''}
      </p>
      {!canManage ? <Alert tone="info">You can view reconciliation; only the account owner can register Pull Transactions, upload statements and apply them.</Alert> : null}
      <PullCard status={s} canManage={canManage} />
      <StatementUploadCard
        scope="provider"
        canManage={canManage}
        openId={openId}
        onOpen={setOpenId}
        onClose={() => setOpenId(null)}
        onApplied={onApplied}
        intro="Export your shortcode’s statement as CSV from the M-Pesa org portal and choose the file here. You first see what it would change; nothing is settled until you confirm. Uploading the same period twice settles nothing twice."
      />
      <Card title="Unmatched statement lines">
        <p className="muted small">
          Money your shortcode received that matches no purchase (an unknown account number, or an amount that does not fit). Nothing is changed for these; check them with the customer.
        </p>
        <StatementLines
          scope="provider"
          filters={{ status: 'unmatched' }}
          caption="Unmatched statement lines"
          empty={{ title: 'No unmatched lines', body: 'Every payment on your statement matches a purchase.' }}
        />
      </Card>
      <Card title="Previous uploads">
        <StatementUploads scope="provider" canManage={canManage} openId={openId} onOpen={setOpenId} />
      </Card>
    </>
  );
}

function PlatformCollection() {
  return (
    <>
      <Card title="Checked by Wavu">
        <p>
          Your customers pay Wavu’s M-Pesa shortcode, so Wavu checks that statement for you: it compares the statement with your purchases and settles any payment whose M-Pesa notification never
          arrived.
        </p>
        <p className="muted small">
          There is nothing to set up here. Statement uploads and Pull Transactions are for accounts that collect on their own paybill or till (M-Pesa settings → My own Daraja app).
        </p>
      </Card>
      <Card title="Statement lines for your account">
        <StatementLines
          scope="provider"
          filters={{}}
          caption="Statement lines for your account"
          showStatus
          empty={{ title: 'No statement lines yet', body: 'None of your payments has needed the statement so far.' }}
        />
      </Card>
    </>
  );
}

function PullCard({ status, canManage }: { status: ReconciliationStatusDto; canManage: boolean }) {
  const source = status.source;
  return (
    <Card
      title="Pull Transactions"
      actions={
        source ? (
          <span data-testid="pull-health">
            <HealthBadge source={source} />
          </span>
        ) : null
      }
    >
      {source ? (
        <>
          <PullHealthExplanation source={source} />
          <SourceDetails source={source} />
        </>
      ) : (
        <>
          <p>
            Safaricom’s Pull Transactions API lists every payment shortcode {status.ownShortcode} received. Register once and Wavu checks it every 5 minutes, settling any purchase whose M-Pesa
            notification never arrived.
          </p>
          {canManage ? (
            <PullRegistrationForm scope="provider" submitLabel="Register for Pull Transactions" />
          ) : (
            <p className="muted small">Not registered yet. Only the account owner can register the shortcode.</p>
          )}
        </>
      )}
    </Card>
  );
}

function SourceDetails({ source }: { source: StatementSourceDto }) {
  return (
    <dl className="details stmt-source-details" aria-label="Pull Transactions details">
      <div>
        <dt>Shortcode</dt>
        <dd>{source.shortcode}</dd>
      </div>
      <div>
        <dt>Registered</dt>
        <dd>{formatDateTime(source.registeredAt)}</dd>
      </div>
      <div>
        <dt>Nominated number</dt>
        <dd>{source.nominatedNumber ?? '—'}</dd>
      </div>
      <div>
        <dt>Checked up to</dt>
        <dd>{formatDateTime(source.pulledUntil)}</dd>
      </div>
    </dl>
  );
}
