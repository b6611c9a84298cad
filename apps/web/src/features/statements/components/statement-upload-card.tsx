import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState, Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api-error';
import { useApplyStatement, useUploadStatement } from '../api/statement-mutations';
import { statementQueries } from '../api/statement-queries';
import type { StatementScope } from '../api/types';
import { STATEMENT_FILE_MAX_CHARS } from './format';
import { StatementPreview } from './statement-preview';

/** Reads the chosen file as text, refusing what cannot be an org-portal CSV export. */
async function readStatement(file: File): Promise<string> {
  if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') throw new Error(`“${file.name}” is not a CSV file. In the M-Pesa org portal, export the statement as CSV.`);
  if (file.size === 0) throw new Error(`“${file.name}” is empty.`);
  if (file.size > STATEMENT_FILE_MAX_CHARS * 1.2) throw new Error(`“${file.name}” is larger than 10 MB. Export a shorter period (a month at most).`);
  const text = await file.text();
  if (text.length > STATEMENT_FILE_MAX_CHARS) throw new Error(`“${file.name}” is larger than 10 MB. Export a shorter period (a month at most).`);
  if (text.includes('\u0000')) throw new Error(`“${file.name}” is not a text file. In the M-Pesa org portal, export the statement as CSV.`);
  return text;
}

/**
 * "Upload M-Pesa statement": choose the CSV, see what applying it would do, then settle or cancel.
 * `openId` is the upload shown (just uploaded, or picked in the uploads list); staff only view.
 */
export function StatementUploadCard({
  scope,
  canManage,
  openId,
  onOpen,
  onClose,
  onApplied,
  intro,
}: {
  scope: StatementScope;
  canManage: boolean;
  openId: string | null;
  onOpen: (id: string) => void;
  onClose: () => void;
  onApplied?: () => void;
  intro: string;
}) {
  const inputId = useId();
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const upload = useUploadStatement(scope);
  const apply = useApplyStatement(scope, onApplied);
  const opened = useQuery({ ...statementQueries.upload(scope, openId ?? ''), enabled: openId !== null });

  // an upload opened from the list further down is brought into view (a fresh one is already in view)
  const justUploaded = useRef<string | null>(null);
  useEffect(() => {
    if (openId && openId !== justUploaded.current) cardRef.current?.scrollIntoView({ block: 'start' });
  }, [openId]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again fires change again
    if (!file) return;
    setFileError(null);
    upload.reset();
    apply.reset();
    onClose();
    setReading(true);
    let csv: string;
    try {
      csv = await readStatement(file);
    } catch (error) {
      setFileError(errorMessage(error));
      return;
    } finally {
      setReading(false);
    }
    upload.mutate(
      { filename: file.name, csv },
      {
        onSuccess: (u) => {
          justUploaded.current = u.id;
          onOpen(u.id);
        },
      },
    );
  };

  const close = () => {
    apply.reset();
    onClose();
    fileRef.current?.focus();
  };

  const busy = reading || upload.isPending;
  // staff cannot upload: the card only appears to show an upload they opened from the list
  if (!canManage && openId === null) return null;
  const title = canManage ? 'Upload M-Pesa statement' : 'Statement upload';
  return (
    <div ref={cardRef} className="stmt-anchor">
      <Card title={title} className="stmt-upload" aria-label={title}>
        {canManage ? (
          <div className="field stmt-file">
            <p className="muted small" id={hintId}>
              {intro}
            </p>
            <label htmlFor={inputId} className="field-label">
              Statement file (CSV)
            </label>
            <input
              ref={fileRef}
              id={inputId}
              className="input stmt-file-input"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={hintId}
              aria-invalid={fileError || upload.isError ? true : undefined}
              disabled={busy}
              onChange={(e) => void onFile(e)}
            />
          </div>
        ) : null}
        {busy ? (
          <p className="stmt-busy" role="status">
            <Spinner size="sm" label="" /> Reading the statement and matching it with your purchases…
          </p>
        ) : null}
        {fileError ? (
          <Alert tone="danger" title="Could not read the file">
            {fileError}
          </Alert>
        ) : null}
        {upload.isError ? (
          <Alert tone="danger" title="Statement not accepted">
            {errorMessage(upload.error)}
          </Alert>
        ) : null}

        {openId === null ? null : opened.isPending ? (
          <LoadingState label="Loading the statement…" />
        ) : opened.isError ? (
          <ErrorState title="Could not load this statement" error={opened.error} onRetry={() => void opened.refetch()} />
        ) : (
          <StatementPreview upload={opened.data} canApply={canManage} applying={apply.isPending} applyError={apply.error} onApply={() => apply.mutate(opened.data.id)} onClose={close} />
        )}
      </Card>
    </div>
  );
}
