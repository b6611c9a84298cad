import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import type { ProviderDto, UpdateProviderBody } from '@/lib/api/types';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { isEmail, isKenyanPhone } from '@/lib/validation';
import { useUpdateProvider } from '../api/update-provider';

const FIELDS = ['businessName', 'contactName', 'phone', 'contactEmail', 'location'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

function initial(p: ProviderDto): Values {
  return {
    businessName: p.businessName,
    contactName: p.contactName,
    phone: p.phone.startsWith('254') ? '+' + p.phone : p.phone,
    contactEmail: p.contactEmail,
    location: p.location ?? '',
  };
}

function normalisePhone(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function ProviderProfileForm({ provider, onSaved, onCancel }: { provider: ProviderDto; onSaved: () => void; onCancel: () => void }) {
  const start = initial(provider);
  const [values, setValues] = useState<Values>(start);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const update = useUpdateProvider({ onSaved });

  const bind = (name: FieldName) => ({
    name,
    value: values[name],
    error: form.errors[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((prev) => ({ ...prev, [name]: e.target.value }));
      form.clearField(name);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = form.check({
      businessName: !values.businessName.trim() ? 'Enter your business name.' : undefined,
      contactName: !values.contactName.trim() ? 'Enter a contact name.' : undefined,
      contactEmail: !isEmail(values.contactEmail) ? 'Enter a valid email address.' : undefined,
      phone: !isKenyanPhone(values.phone) ? 'Enter a Kenyan mobile number, e.g. 0712 345 678.' : undefined,
      location: values.location.length > 200 ? 'Keep the location under 200 characters.' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);

    // Send only what changed.
    const body: UpdateProviderBody = {};
    if (values.businessName.trim() !== start.businessName) body.businessName = values.businessName.trim();
    if (values.contactName.trim() !== start.contactName) body.contactName = values.contactName.trim();
    if (values.contactEmail.trim() !== start.contactEmail) body.contactEmail = values.contactEmail.trim();
    if (normalisePhone(values.phone) !== normalisePhone(start.phone)) body.phone = normalisePhone(values.phone);
    if (values.location.trim() !== start.location) body.location = values.location.trim() || null;
    if (Object.keys(body).length === 0) return onCancel();

    update.mutate(body, {
      onError: (error) => {
        form.fromServer(error, { EMAIL_TAKEN: 'contactEmail' });
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <Input label="Business name" autoComplete="organization" required {...bind('businessName')} />
      <Input label="Contact name" autoComplete="name" required {...bind('contactName')} />
      <Input label="Phone" type="tel" inputMode="tel" autoComplete="tel" required hint="Kenyan mobile, e.g. 0712 345 678." {...bind('phone')} />
      <Input label="Contact email" type="email" inputMode="email" autoComplete="email" required {...bind('contactEmail')} />
      <Input label="Location" autoComplete="address-level2" hint="Optional — town or area, e.g. Kisumu, Milimani." {...bind('location')} />
      <div className="form-actions">
        <Button variant="secondary" onClick={onCancel} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}
