import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import type { ProviderType, SignupBody, SignupResult } from '@/lib/api/types';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { MIN_PASSWORD, isEmail, isKenyanPhone } from '@/lib/validation';
import { useSignup } from '../api/signup';
import { PROVIDER_TYPES } from './provider-types';

const FIELDS = ['businessName', 'contactName', 'contactEmail', 'phone', 'password', 'type'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

const EMPTY: Values = { businessName: '', contactName: '', contactEmail: '', phone: '', password: '', type: '' };

function validate(v: Values): Partial<Record<FieldName, string>> {
  return {
    businessName: !v.businessName.trim() ? 'Enter your business name.' : v.businessName.trim().length < 2 ? 'Business name is too short.' : undefined,
    contactName: !v.contactName.trim() ? 'Enter the name of the person we should contact.' : undefined,
    contactEmail: !v.contactEmail.trim() ? 'Enter a contact email.' : !isEmail(v.contactEmail) ? 'Enter a valid email address.' : undefined,
    phone: !v.phone.trim() ? 'Enter a phone number.' : !isKenyanPhone(v.phone) ? 'Enter a Kenyan mobile number, e.g. 0712 345 678 or +254 712 345 678.' : undefined,
    password: v.password.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters.` : undefined,
    type: !v.type ? 'Choose the kind of provider you are.' : undefined,
  };
}

/** `onSuccess` gets the answer (the same whether or not the e-mail was new) and what was sent. */
export function SignupForm({ onSuccess }: { onSuccess: (result: SignupResult, sent: SignupBody) => void }) {
  const [values, setValues] = useState<Values>(EMPTY);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const signup = useSignup();

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
    if (!form.check(validate(values))) return focusFirstInvalid(formRef.current);
    signup.mutate(
      {
        businessName: values.businessName.trim(),
        contactName: values.contactName.trim(),
        contactEmail: values.contactEmail.trim(),
        phone: values.phone.replace(/[\s-]/g, ''),
        password: values.password,
        type: values.type as ProviderType,
      },
      {
        onSuccess: (result, sent) => onSuccess(result, sent),
        onError: (error) => {
          form.fromServer(error, { EMAIL_TAKEN: 'contactEmail' });
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <Input label="Business name" autoComplete="organization" required {...bind('businessName')} />
      <Input label="Contact name" autoComplete="name" required {...bind('contactName')} />
      <Input label="Contact email" type="email" inputMode="email" autoComplete="email" required hint="You will log in with this email." {...bind('contactEmail')} />
      <Input label="Phone" type="tel" inputMode="tel" autoComplete="tel" required hint="Kenyan mobile, e.g. 0712 345 678 or +254 712 345 678." {...bind('phone')} />
      <Input label="Password" type="password" autoComplete="new-password" required hint={`At least ${MIN_PASSWORD} characters.`} {...bind('password')} />
      <Select
        label="Provider type"
        required
        hint={
          <ul className="type-list">
            {PROVIDER_TYPES.map((t) => (
              <li key={t.value} className={t.value === values.type ? 'is-selected' : undefined}>
                <strong>{t.label}</strong> — {t.description}
              </li>
            ))}
          </ul>
        }
        {...bind('type')}
      >
        <option value="" disabled>
          Choose a type…
        </option>
        {PROVIDER_TYPES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </Select>
      <Button type="submit" loading={signup.isPending} className="btn-block">
        Create account
      </Button>
    </form>
  );
}
