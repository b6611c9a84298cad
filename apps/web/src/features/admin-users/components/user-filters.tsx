import { useEffect, useId, useState } from 'react';
import type { UserRole, UserStatus } from '@/lib/api/types';
import { ROLE_NAMES } from './user-labels';

const STATUS_FILTERS: { value: UserStatus | undefined; label: string }[] = [
  { value: undefined, label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'deactivated', label: 'Deactivated' },
];

interface Props {
  q: string;
  role: UserRole | undefined;
  status: UserStatus | undefined;
  onSearchChange: (q: string) => void;
  onRoleChange: (role: UserRole | undefined) => void;
  onStatusChange: (status: UserStatus | undefined) => void;
}

/** A debounced search box (e-mail or name), a role select and status toggle buttons (aria-pressed). */
export function UserFilters({ q, role, status, onSearchChange, onRoleChange, onStatusChange }: Props) {
  const [text, setText] = useState(q);
  const searchId = useId();
  const roleId = useId();
  const groupId = useId();

  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text.trim() === q) return;
    const timer = window.setTimeout(() => onSearchChange(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text, q, onSearchChange]);

  return (
    <div className="filters filters-three">
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
          Search users
        </label>
        <input id={searchId} className="input" type="search" placeholder="Search e-mail or name" maxLength={100} value={text} onChange={(e) => setText(e.target.value)} />
      </form>
      <div>
        <label htmlFor={roleId} className="visually-hidden">
          Role
        </label>
        <select id={roleId} className="input" value={role ?? ''} onChange={(e) => onRoleChange((e.target.value || undefined) as UserRole | undefined)}>
          <option value="">All roles</option>
          {Object.entries(ROLE_NAMES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
