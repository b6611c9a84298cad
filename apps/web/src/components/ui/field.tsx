import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldProps {
  label: string;
  /** Validation message (client-side or the server's `details`). */
  error?: string | undefined;
  hint?: ReactNode;
  /** Accepted for symmetry with the controls; required fields are the default, optional ones say so in their hint. */
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}

/** Label + control + hint + error text, wired together for assistive technology. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? id + '-hint' : undefined;
  const errorId = error ? id + '-error' : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={'field' + (error ? ' field-invalid' : '')}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error ? (
        <div id={errorId} className="field-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

type Common = { label: string; error?: string | undefined; hint?: ReactNode };

export function Input({ label, error, hint, required, className, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {(control) => <input className={'input ' + (className ?? '')} required={required} {...control} {...rest} />}
    </Field>
  );
}

export function Select({ label, error, hint, required, className, children, ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {(control) => (
        <select className={'input ' + (className ?? '')} required={required} {...control} {...rest}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function Textarea({ label, error, hint, required, className, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {(control) => <textarea className={'input ' + (className ?? '')} required={required} {...control} {...rest} />}
    </Field>
  );
}
