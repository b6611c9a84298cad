import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/api-error';
import { formatCount } from '@/lib/format';
import { lookupQueries } from '@/lib/lookup-queries';
import './router-picker.css';

interface CommonProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Only these routers may be chosen (e.g. the plan's routers); they are searched in place. */
  allowed?: string[] | null;
  /** Routers never offered (e.g. the one a voucher is already on). */
  exclude?: string[];
}

interface SingleProps extends CommonProps {
  multiple?: false;
  value: string;
  onChange: (id: string) => void;
  /** The choice meaning "no router" (e.g. "All routers"), offered first; without it a router must be picked. */
  emptyLabel?: string;
}

interface MultiProps extends CommonProps {
  multiple: true;
  value: string[];
  onChange: (ids: string[]) => void;
}

interface Option {
  id: string;
  name: string;
  detail: string | null;
}

const DEBOUNCE_MS = 250;

/**
 * The one router picker of the SPA (docs/fleet-view.md): a combobox that searches the provider's
 * routers on the server (name, address or location), 20 at a time with "Show more", so a fleet
 * of thousands is as easy to pick from as one of three. Single choice (optionally with an
 * "All routers"-style empty choice) or several (chosen ones shown as removable chips).
 */
export function RouterPicker(props: SingleProps | MultiProps) {
  const { label, hint, error, allowed, exclude } = props;
  const chosen = props.multiple ? props.value : props.value ? [props.value] : [];
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const wrapRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;

  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(text.trim().replace(/\s+/g, ' ').slice(0, 100)), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const restricted = allowed !== undefined && allowed !== null;
  const found = useInfiniteQuery({ ...lookupQueries.routerSearch(search), enabled: open && !restricted });
  // names: every router's for chips and a restricted list (plans, generate form); one for a single choice
  const names = useQuery({ ...lookupQueries.routerNames(), enabled: restricted || (props.multiple === true && chosen.length > 0) });
  const single = !props.multiple && props.value ? props.value : '';
  const singleName = useQuery({ ...lookupQueries.routerName(single), enabled: single !== '' && !restricted });
  const nameOf = (id: string): string =>
    names.data?.find((r) => r.id === id)?.name ?? (id === single ? singleName.data : undefined) ?? (names.isPending && singleName.isPending ? '…' : 'Removed router');

  const options: Option[] = useMemo(() => {
    const skip = new Set(exclude ?? []);
    let list: Option[];
    if (restricted) {
      const term = search.toLowerCase();
      const allowedSet = new Set(allowed);
      list = (names.data ?? []).filter((r) => allowedSet.has(r.id) && (!term || r.name.toLowerCase().includes(term))).map((r) => ({ id: r.id, name: r.name, detail: null }));
    } else {
      list = (found.data?.pages.flatMap((p) => p.items) ?? []).map((r) => ({ id: r.id, name: r.name, detail: [r.location, r.host].filter(Boolean).join(' · ') || null }));
    }
    list = list.filter((o) => !skip.has(o.id));
    if (!props.multiple && props.emptyLabel !== undefined && !search) list.unshift({ id: '', name: props.emptyLabel, detail: null });
    return list;
  }, [restricted, allowed, names.data, found.data, search, exclude, props.multiple, props.multiple ? undefined : props.emptyLabel]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => setActive(0), [search]);

  const total = restricted ? options.length : found.data?.pages[0]?.total;
  const loading = restricted ? names.isPending : found.isPending;
  const loadError = restricted ? names.error : found.error;

  const choose = (option: Option) => {
    if (props.multiple) {
      props.onChange(chosen.includes(option.id) ? chosen.filter((id) => id !== option.id) : [...chosen, option.id]);
    } else {
      props.onChange(option.id);
      setOpen(false);
      setText('');
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      if (open && options[active]) {
        e.preventDefault();
        choose(options[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setText('');
      }
    }
  };

  const emptyLabel = !props.multiple ? props.emptyLabel : undefined;
  const current = props.multiple ? '' : props.value ? nameOf(props.value) : (emptyLabel ?? '');
  const shownCount = options.filter((o) => o.id !== '').length;

  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <div
          className="router-picker"
          ref={wrapRef}
          onBlur={(e) => {
            if (!wrapRef.current?.contains(e.relatedTarget)) {
              setOpen(false);
              setText('');
            }
          }}
        >
          {props.multiple && chosen.length > 0 ? (
            <ul className="router-picker-chips" aria-label={`${label}: chosen`}>
              {chosen.map((id) => (
                <li key={id} className="router-picker-chip">
                  <span>{nameOf(id)}</span>
                  <button type="button" aria-label={`Remove ${nameOf(id)}`} onClick={() => props.onChange(chosen.filter((c) => c !== id))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            {...control}
            className="input router-picker-input"
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && options[active] ? optionId(active) : undefined}
            placeholder={open ? current || 'Type a name, address or location' : undefined}
            value={open ? text : current}
            maxLength={100}
            onFocus={() => setOpen(true)}
            onClick={() => setOpen(true)}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
          />
          {open ? (
            <div className="router-picker-popup">
              <ul role="listbox" id={listId} aria-label={label} aria-multiselectable={props.multiple ? true : undefined} className="router-picker-list">
                {options.map((o, i) => {
                  const selected = props.multiple ? chosen.includes(o.id) : props.value === o.id;
                  return (
                    <li
                      key={o.id || 'empty'}
                      id={optionId(i)}
                      role="option"
                      aria-selected={selected}
                      className={'router-picker-option' + (i === active ? ' is-active' : '')}
                      onMouseDown={(e) => e.preventDefault()}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => choose(o)}
                    >
                      <span className="router-picker-check" aria-hidden="true">
                        {selected ? '✓' : ''}
                      </span>
                      <span className="router-picker-name">
                        {o.name}
                        {o.detail ? <span className="muted small router-picker-detail">{o.detail}</span> : null}
                      </span>
                    </li>
                  );
                })}
              </ul>
              <div className="router-picker-foot muted small" aria-live="polite">
                {loadError ? (
                  <span className="field-error">{errorMessage(loadError)}</span>
                ) : loading || (!restricted && found.isFetching && !found.isFetchingNextPage) ? (
                  'Searching…'
                ) : shownCount === 0 ? (
                  search ? (
                    `No router matches “${search}”`
                  ) : (
                    'No routers yet'
                  )
                ) : (
                  `${formatCount(shownCount)} of ${formatCount(total ?? shownCount)} router${total === 1 ? '' : 's'}${!restricted && found.hasNextPage ? ' · type to narrow' : ''}`
                )}
                {!restricted && found.hasNextPage ? (
                  <button type="button" className="btn btn-secondary btn-sm" disabled={found.isFetchingNextPage} onMouseDown={(e) => e.preventDefault()} onClick={() => void found.fetchNextPage()}>
                    {found.isFetchingNextPage ? 'Loading…' : 'Show more'}
                  </button>
                ) : null}
              </div>
            </div>
          ) : null}
        </div>
      )}
    </Field>
  );
}
