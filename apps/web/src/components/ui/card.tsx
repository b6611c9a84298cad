import type { HTMLAttributes, ReactNode } from 'react';

export function Card({ title, actions, children, className, ...rest }: { title?: ReactNode; actions?: ReactNode } & HTMLAttributes<HTMLElement>) {
  return (
    <section className={'card ' + (className ?? '')} {...rest}>
      {title || actions ? (
        <header className="card-header">
          {title ? <h2 className="card-title">{title}</h2> : null}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
