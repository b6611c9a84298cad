import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/field';
import { ApiError } from '@/lib/api-error';
import { useImportRouters } from '../api/router-mutations';
import './routers.css';

const HEADER = 'name,connectionMode,host,username,password,location';

/** CSV import: all rows are checked; nothing is imported unless every row is good. */
export function ImportRouters({ onDone }: { onDone: () => void }) {
  const [csv, setCsv] = useState('');
  const importer = useImportRouters();
  const details = importer.error instanceof ApiError ? (importer.error.details ?? []) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    importer.mutate(csv, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <Textarea
        label="CSV"
        rows={8}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        hint={
          <>
            Header row first, e.g. <code className="import-header">{HEADER}</code>. <code>connectionMode</code> is <code>direct</code> (the default: the router has a public IP address, given in{' '}
            <code>host</code>) or <code>tunnel</code> (no public IP: leave <code>host</code> empty; Wavu gives the router a tunnel address, RouterOS 7). Optional columns: <code>apiPort</code>,{' '}
            <code>useTls</code>, <code>hotspotServer</code>, <code>hotspotDnsName</code>, <code>notes</code>.
          </>
        }
      />
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then(setCsv);
        }}
      />
      {importer.isError ? (
        <Alert tone="danger" title="Nothing was imported">
          {importer.error instanceof Error ? importer.error.message : 'The import failed.'}
          {details.length ? (
            <ul>
              {details.map((d) => (
                <li key={d.field}>
                  {d.field}: {d.messages.join('; ')}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {importer.isSuccess ? <Alert tone="success">Imported {importer.data.imported} routers.</Alert> : null}
      <div className="form-actions">
        <Button type="submit" loading={importer.isPending} disabled={!csv.trim()}>
          Import routers
        </Button>
      </div>
    </form>
  );
}
