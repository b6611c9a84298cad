import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/*
 * A plain table that turns into stacked cards on narrow screens (see .table in styles.css).
 * Explicit roles keep the table semantics when CSS changes the display type.
 */

export function Table({ caption, children }: { caption?: ReactNode; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" role="table">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function Th(props: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" role="columnheader" {...props} />;
}

export function Tr(props: HTMLAttributes<HTMLTableRowElement>) {
  return <tr role="row" {...props} />;
}

/** `label` is shown before the value when the row is rendered as a card. */
export function Td({ label, children, ...props }: { label?: string } & TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td role="cell" data-label={label} {...props}>
      <div className="cell-value">{children}</div>
    </td>
  );
}
