import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { statementQueries } from '../api/statement-queries';
import type { StatementSourceDto } from '../api/types';
import { HealthBadge, PullHealthExplanation } from './pull-health';
import { PullRegistrationForm } from './pull-registration-form';
import { StatementLines } from './statement-lines';
import { StatementUploadCard } from './statement-upload-card';
import { StatementUploads } from './statement-uploads';
import './statements.css';

const SHORTCODE = /^\d{5,7}$/;

/**
 * Super admin: every shortcode Wavu pulls (platform and own-account) with its health, Pull
 * registration of the platform's shortcode, the platform statement's upload → preview → apply,
 * and the unmatched lines of every shortcode (filter `?shortcode=` in the URL).
 */
export function AdminStatementsPage({ onApplied }: { onApplied?: () => void }) {
  const sources = useQuery(statementQueries.sources());
  const [openId, setOpenId] = useState<string | null>(null);
  const platform = sources.data?.find((s) => s.scope === 'platform');

  return (
    <>
      <Card title="Pull Transactions sources">
        <p className="muted small">Every shortcode whose M-Pesa statement Wavu pulls every 5 minutes: the platform’s own and those of accounts collecting on their own paybill or till.</p>
        {sources.isPending ? (
          <LoadingState label="Loading sources…" />
        ) : sources.isError ? (
          <ErrorState title="Could not load the statement sources" error={sources.error} onRetry={() => void sources.refetch()} />
        ) : sources.data.length === 0 ? (
          <EmptyState title="No shortcode is pulled yet" />
        ) : (
          <SourcesTable sources={sources.data} />
        )}
      </Card>
      {sources.isSuccess ? (
        platform ? (
          platform.health !== 'ok' || !platform.pullEnabled ? (
            <Card title="Platform shortcode">
              <PullHealthExplanation source={platform} />
            </Card>
          ) : null
        ) : (
          <Card title="Register the platform shortcode for Pull">
            <p>
              The platform’s shortcode is not registered for Pull Transactions yet, so payments whose notifications were lost are only found by uploading its statement. Register it once to have it
              checked every 5 minutes.
            </p>
            <PullRegistrationForm scope="platform" submitLabel="Register the platform shortcode" />
          </Card>
        )
      ) : null}
      <StatementUploadCard
        scope="platform"
        canManage
        openId={openId}
        onOpen={setOpenId}
        onClose={() => setOpenId(null)}
        onApplied={onApplied}
        intro="The platform shortcode’s statement (CSV export from the M-Pesa org portal). You first see what it would change — purchases of platform-collection accounts it settles, lines that match nothing — and nothing is settled until you confirm."
      />
      <Card title="Unmatched statement lines">
        <UnmatchedLines />
      </Card>
      <Card title="Previous uploads">
        <StatementUploads scope="platform" canManage openId={openId} onOpen={setOpenId} />
      </Card>
    </>
  );
}

function SourcesTable({ sources }: { sources: StatementSourceDto[] }) {
  return (
    <Table caption="Pull Transactions sources">
      <thead>
        <Tr>
          <Th>Shortcode</Th>
          <Th>Collects for</Th>
          <Th>Health</Th>
          <Th>Last checked</Th>
          <Th>Checked up to</Th>
          <Th>Last error</Th>
        </Tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <Tr key={s.id}>
            <Td label="Shortcode" className="cell-primary">
              <strong>{s.shortcode}</strong>
            </Td>
            <Td label="Collects for">{s.scope === 'platform' ? 'Platform' : `${s.providerName ?? 'A provider'} (own account)`}</Td>
            <Td label="Health">
              <HealthBadge source={s} />
            </Td>
            <Td label="Last checked" className="stmt-nowrap">
              {formatDateTime(s.lastPullAt)}
            </Td>
            <Td label="Checked up to" className="stmt-nowrap">
              {formatDateTime(s.pulledUntil)}
            </Td>
            <Td label="Last error" className="stmt-detail">
              {s.lastError ?? '—'}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function UnmatchedLines() {
  const { params, update } = useUrlParams<'shortcode'>();
  const raw = params.get('shortcode') ?? '';
  const shortcode = SHORTCODE.test(raw) ? raw : undefined;
  const [text, setText] = useState(raw);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  useEffect(() => setText(params.get('shortcode') ?? ''), [params]);

  return (
    <>
      <p className="muted small">Money received on any pulled or uploaded shortcode that matches no purchase. Nothing is changed for these lines.</p>
      <form
        role="search"
        aria-label="Unmatched statement lines"
        className="stmt-filter"
        onSubmit={(e) => {
          e.preventDefault();
          const value = text.trim();
          if (value && !SHORTCODE.test(value)) return setError('Enter a shortcode: 5–7 digits.');
          setError(null);
          update({ shortcode: value || undefined });
        }}
      >
        <div className={'field' + (error ? ' field-invalid' : '')}>
          <label htmlFor={id} className="field-label">
            Filter by shortcode
          </label>
          <div className="stmt-filter-row">
            <input
              id={id}
              className="input"
              inputMode="numeric"
              maxLength={7}
              placeholder="All shortcodes"
              value={text}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
            />
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            {shortcode ? (
              <Button variant="ghost" onClick={() => update({ shortcode: undefined })}>
                Clear
              </Button>
            ) : null}
          </div>
          {error ? (
            <div id={`${id}-error`} className="field-error" role="alert">
              {error}
            </div>
          ) : null}
        </div>
      </form>
      <StatementLines
        scope="platform"
        filters={{ status: 'unmatched', shortcode }}
        caption="Unmatched statement lines"
        showShortcode
        empty={{ title: shortcode ? `No unmatched lines on shortcode ${shortcode}` : 'No unmatched lines', body: 'Every payment on the statements matches a purchase.' }}
      />
    </>
  );
}
