import type { ReactNode } from 'react';

/** Centred single-card layout for the public pages. */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand brand-lg" aria-hidden="true">
          <span className="brand-mark">W</span> Wavu
        </p>
        <h1 className="page-title">{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
        {children}
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </div>
    </main>
  );
}
