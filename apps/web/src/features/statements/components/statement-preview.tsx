import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatAmount, formatDateTime, formatPeriod } from '@/lib/format';
import type { StatementCountsDto, StatementUploadDto } from '../api/types';
import { OUTCOME_LABELS, OUTCOME_TONES, plural, UPLOAD_STATUS } from './format';

/** "N payments will be settled" … (preview) or "N payments settled" … (result). */
function Counts({ counts, done }: { counts: StatementCountsDto; done: boolean }) {
  const items = [
    { key: 'settled', n: counts.settled, text: done ? `${plural(counts.settled, 'payment')} settled` : `${plural(counts.settled, 'payment')} will be settled` },
    { key: 'recorded', n: counts.recorded, text: `${plural(counts.recorded, 'payment')} already recorded` },
    {
      key: 'unmatched',
      n: counts.unmatched,
      text: done ? `${plural(counts.unmatched, 'line')} kept as unmatched` : `${plural(counts.unmatched, 'line')} ${counts.unmatched === 1 ? 'matches' : 'match'} no purchase`,
    },
    { key: 'ignored', n: counts.ignored, text: `${plural(counts.ignored, 'line')} ignored (not customer payments)` },
  ];
  return (
    <ul className="stmt-counts" aria-label={done ? 'Result' : 'Preview'}>
      {items.map((i) => (
        <li key={i.key} className={`stmt-count stmt-count-${i.key}${i.n === 0 ? ' is-zero' : ''}`} data-testid={`${done ? 'result' : 'preview'}-${i.key}`}>
          {i.text}
        </li>
      ))}
    </ul>
  );
}

const applyLabel = (u: StatementUploadDto) =>
  u.preview.settled > 0 ? `Settle ${plural(u.preview.settled, 'payment')}` : u.preview.unmatched > 0 ? 'Save unmatched lines' : 'Mark statement as checked';

/**
 * One uploaded statement: what applying it would do (or did), the lines that settle or match
 * nothing, and — while not applied, for those allowed — "Settle N payments" / "Cancel".
 */
export function StatementPreview({
  upload,
  canApply,
  applying,
  applyError,
  onApply,
  onClose,
}: {
  upload: StatementUploadDto;
  canApply: boolean;
  applying: boolean;
  applyError: unknown;
  onApply: () => void;
  onClose: () => void;
}) {
  const done = upload.status === 'applied';
  const status = UPLOAD_STATUS[upload.status];
  const lines = upload.lines ?? [];
  const period = upload.periodFrom || upload.periodTo ? formatPeriod(upload.periodFrom, upload.periodTo) : null;
  return (
    <section className="stmt-preview" aria-labelledby={`stmt-${upload.id}`}>
      <h3 id={`stmt-${upload.id}`} className="stmt-subtitle">
        <span className="break">{upload.filename}</span> <Badge tone={status.tone}>{status.label}</Badge>
      </h3>
      <p className="muted small">
        Shortcode {upload.shortcode}
        {period ? ` · ${period}` : ''} · uploaded {formatDateTime(upload.createdAt)}
        {upload.appliedAt && done ? ` · applied ${formatDateTime(upload.appliedAt)}` : ''}
      </p>

      {done && upload.result ? (
        <Alert tone="success" title="Statement applied">
          <Counts counts={upload.result} done />
        </Alert>
      ) : (
        <Counts counts={upload.preview} done={false} />
      )}
      {upload.unreadableRows > 0 ? (
        <Alert tone="warning">
          {plural(upload.unreadableRows, 'row')} of the file could not be read and {upload.unreadableRows === 1 ? 'was' : 'were'} skipped. Check that it is the CSV export of the statement.
        </Alert>
      ) : null}

      {lines.length > 0 ? (
        <Table caption={done ? 'Statement lines settled or unmatched' : 'Statement lines that would settle or stay unmatched'}>
          <thead>
            <Tr>
              <Th>Receipt</Th>
              <Th>Time (Nairobi)</Th>
              <Th>Amount</Th>
              <Th>Account number</Th>
              <Th>Outcome</Th>
              <Th>Detail</Th>
            </Tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <Tr key={l.row}>
                <Td label="Receipt" className="cell-primary">
                  <span className="mono">{l.receipt}</span>
                  {l.phone ? <div className="muted small">{l.phone}</div> : null}
                </Td>
                <Td label="Time" className="stmt-nowrap">
                  {formatDateTime(l.occurredAt)}
                </Td>
                <Td label="Amount" className="stmt-nowrap">
                  <strong>{formatAmount(l.amount, 'KES')}</strong>
                </Td>
                <Td label="Account number">{l.reference ? <span className="mono">{l.reference}</span> : '—'}</Td>
                <Td label="Outcome">
                  <Badge tone={OUTCOME_TONES[l.outcome]}>{OUTCOME_LABELS[l.outcome][done ? 'done' : 'preview']}</Badge>
                </Td>
                <Td label="Detail" className="stmt-detail">
                  {l.detail ?? '—'}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="muted small">
          No line of this statement {done ? 'settled a payment or stayed' : 'settles a payment or stays'} unmatched: everything on it is already in your books or is not a customer payment.
        </p>
      )}
      {lines.length >= 500 ? <p className="muted small">Only the first 500 such lines are listed.</p> : null}

      {applyError ? (
        <Alert tone="danger" title="Not applied">
          {errorMessage(applyError)}
        </Alert>
      ) : null}
      <div className="form-actions stmt-preview-actions">
        {upload.status === 'previewed' && canApply ? (
          <>
            <Button variant="secondary" onClick={onClose} disabled={applying}>
              Cancel
            </Button>
            <Button onClick={onApply} loading={applying}>
              {applyLabel(upload)}
            </Button>
          </>
        ) : (
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        )}
      </div>
      {upload.status === 'previewed' && canApply ? <p className="muted small stmt-note">Nothing has changed yet. Cancel keeps the file in “Previous uploads”, where you can apply it later.</p> : null}
    </section>
  );
}
