export function Spinner({ size = 'md', label = 'Loading…' }: { size?: 'sm' | 'md'; label?: string }) {
  return (
    <span className={`spinner spinner-${size}`} role={label ? 'status' : undefined} aria-hidden={label ? undefined : true}>
      {label ? <span className="visually-hidden">{label}</span> : null}
    </span>
  );
}

/** A centred spinner for a whole data view. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <Spinner label="" />
      <span>{label}</span>
    </div>
  );
}
