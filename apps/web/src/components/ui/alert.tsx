import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'danger';

/** Inline message. Errors use role="alert" so they are announced when they appear. */
export function Alert({ tone = 'info', title, children }: { tone?: Tone; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      {title ? <p className="alert-title">{title}</p> : null}
      {children ? <div className="alert-body">{children}</div> : null}
    </div>
  );
}
