import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useCreateReseller, useUpdateReseller } from '../api/reseller-mutations';
import type { ResellerDto } from '../api/types';

/** Create or edit a reseller: name, phone and a note (no login is created). */
export function ResellerForm({ reseller, onSaved, onCancel }: { reseller?: ResellerDto; onSaved: (r: ResellerDto) => void; onCancel: () => void }) {
  const [name, setName] = useState(reseller?.name ?? '');
  const [phone, setPhone] = useState(reseller?.phone ?? '');
  const [note, setNote] = useState(reseller?.note ?? '');
  const create = useCreateReseller();
  const update = useUpdateReseller(reseller?.id ?? '');
  const save = reseller ? update : create;
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors() : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), phone: phone.trim() || null, note: note.trim() || null };
    if (reseller) update.mutate(body, { onSuccess: onSaved });
    else create.mutate({ name: body.name, ...(body.phone ? { phone: body.phone } : {}), ...(body.note ? { note: body.note } : {}) }, { onSuccess: onSaved });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Input label="Name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} placeholder="e.g. Demo Shop" />
      <Input label="Phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={fieldErrors.phone} hint="Optional, e.g. 0712 345 678" />
      <Textarea label="Note" rows={2} maxLength={300} value={note} onChange={(e) => setNote(e.target.value)} error={fieldErrors.note} hint="Optional: where the shop is, who to ask for" />
      {save.isError && Object.keys(fieldErrors).length === 0 ? <Alert tone="danger">{errorMessage(save.error)}</Alert> : null}
      <div className="form-actions">
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          {reseller ? 'Save' : 'Add reseller'}
        </Button>
      </div>
    </form>
  );
}
