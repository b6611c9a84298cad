import { useId, useRef, useState } from 'react';
import { Button } from './button';

/**
 * A value to paste elsewhere (a callback URL): read-only, selected on focus, with "Copy". Where
 * the browser refuses the clipboard (a plain-HTTP address) the text is selected for Ctrl+C instead.
 */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'select' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      input.current?.focus();
      input.current?.select();
      setCopied('select');
    }
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
      <div className="copy-field-row">
        <input ref={input} id={id} className="input" readOnly value={value} aria-describedby={hint ? `${id}-hint` : undefined} onFocus={(e) => e.target.select()} />
        <Button variant="secondary" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </Button>
      </div>
      <div role="status" className="field-hint">
        {copied === 'copied' ? 'Copied.' : copied === 'select' ? 'Selected: press Ctrl+C (or long-press and Copy) to copy it.' : null}
      </div>
    </div>
  );
}
