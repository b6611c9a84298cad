import { useState } from 'react';
import { ApiError, errorMessage } from './api-error';

/**
 * Field errors for a form: client-side checks first, then the server's `details`.
 * `formError` holds the message that does not belong to a visible field.
 */
export function useFormErrors<K extends string>(fields: readonly K[]) {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const reset = () => {
    setErrors({});
    setFormError(null);
  };

  /** `codeFields` puts a coded error without details on a field, e.g. { EMAIL_TAKEN: 'contactEmail' }. */
  const fromServer = (error: unknown, codeFields: Partial<Record<string, K>> = {}) => {
    if (error instanceof ApiError) {
      const byField = error.fieldErrors();
      const codeField = codeFields[error.code];
      if (codeField && Object.keys(byField).length === 0) byField[codeField] = error.message;
      const mine: Partial<Record<K, string>> = {};
      let unmatched = false;
      for (const [field, message] of Object.entries(byField)) {
        if ((fields as readonly string[]).includes(field)) mine[field as K] = message;
        else unmatched = true;
      }
      setErrors(mine);
      const hasFieldErrors = Object.keys(mine).length > 0;
      setFormError(!hasFieldErrors || unmatched ? error.message : 'Please correct the highlighted fields.');
    } else {
      setErrors({});
      setFormError(errorMessage(error));
    }
  };

  /** Replace the field errors with a client-side result; true when the form may be sent. */
  const check = (next: Partial<Record<K, string | undefined>>) => {
    const clean: Partial<Record<K, string>> = {};
    for (const key of Object.keys(next) as K[]) {
      const message = next[key];
      if (message) clean[key] = message;
    }
    setErrors(clean);
    setFormError(null);
    return Object.keys(clean).length === 0;
  };

  const clearField = (field: K) =>
    setErrors((prev) => {
      if (!prev[field]) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });

  return { errors, formError, reset, fromServer, check, clearField };
}

/** Moves focus to the first invalid control after a failed submit. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
