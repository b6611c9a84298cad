import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useRegisterPull } from '../api/statement-mutations';
import type { StatementScope } from '../api/types';

const FIELDS = ['nominatedNumber'] as const;
const PHONE = /^\+?[0-9 ]{9,16}$/;

/**
 * The API's own words: a field refusal (e.g. Daraja's) rather than the generic "validation
 * failed", with the field's code name ("nominatedNumber must be …") said in words.
 */
function serverMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const field = Object.values(error.fieldErrors())[0];
  return (field ?? error.message).replace(/^nominatedNumber\b/i, 'The nominated number');
}

/** "Nominated M-Pesa number" + register button; the API's refusal (field details or message) is shown. */
export function PullRegistrationForm({ scope, submitLabel }: { scope: StatementScope; submitLabel: string }) {
  const [number, setNumber] = useState('');
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const register = useRegisterPull(scope);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = number.trim();
    register.reset();
    const ok = form.check({ nominatedNumber: !value ? 'Enter the nominated M-Pesa number.' : !PHONE.test(value) ? 'Enter a phone number such as 0712 345 678.' : undefined });
    if (!ok) return focusFirstInvalid(formRef.current);
    // a refusal is shown once, in the alert under the field (the field is marked invalid)
    register.mutate({ nominatedNumber: value }, { onError: () => focusFirstInvalid(formRef.current) });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="stmt-register">
      <Input
        label="Nominated M-Pesa number"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        maxLength={20}
        placeholder="0712 345 678"
        hint="The organisation’s nominated number: in the M-Pesa org portal, open Organization → Details."
        value={number}
        error={form.errors.nominatedNumber}
        aria-invalid={form.errors.nominatedNumber || register.isError ? true : undefined}
        onChange={(e) => {
          setNumber(e.target.value);
          form.clearField('nominatedNumber');
          if (register.isError) register.reset();
        }}
      />
      {register.isError ? (
        <Alert tone="danger" title="Not registered">
          {serverMessage(register.error)}
        </Alert>
      ) : null}
      <div className="form-actions stmt-actions-start">
        <Button type="submit" loading={register.isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
