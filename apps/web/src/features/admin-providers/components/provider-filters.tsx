import { useEffect, useId, useState } from 'react';
import type { ProviderStatus } from '@/lib/api/types';

const STATUS_FILTERS: { value: ProviderStatus | undefined; label: string }[] = [
  { value: undefined, label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'active', label: 'Active' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'rejected', label: 'Rejected' },
];

interface Props {
  status: ProviderStatus | undefined;
  search: string;
  onStatusChange: (status: ProviderStatus | undefined) => void;
  onSearchChange: (search: string) => void;
}

/** Status toggle buttons (aria-pressed) and a debounced search box. */
export function ProviderFilters({ status, search, onStatusChange, onSearchChange }: Props) {
  const [text, setText] = useState(search);
  const searchId = useId();
  const groupId = useId();

  useEffect(() => setText(search), [search]);
  useEffect(() => {
    if (text.trim() === search) return;
    const timer = window.setTimeout(() => onSearchChange(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text, search, onSearchChange]);

  return (
    <div className="filters">
      <div className="segmented" role="group" aria-labelledby={groupId}>
        <span id={groupId} className="visually-hidden">
          Filter by status
        </span>
        {STATUS_FILTERS.map((f) => (
          <button key={f.label} type="button" className="segmented-item" aria-pressed={status === f.value} onClick={() => onStatusChange(f.value)}>
            {f.label}
          </button>
        ))}
      </div>
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onSearchChange(text.trim());
        }}
      >
        <label htmlFor={searchId} className="visually-hidden">
          Search providers
        </label>
        <input id={searchId} className="input" type="search" placeholder="Search name, email or phone" value={text} onChange={(e) => setText(e.target.value)} />
      </form>
    </div>
  );
}
