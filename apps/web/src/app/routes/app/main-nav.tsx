import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { attentionQueries } from '@/features/attention/api/attention-queries';
import type { MeDto } from '@/lib/api/types';
import { paths } from '../../paths';
import './main-nav.css';

interface NavItem {
  to: string;
  label: string;
  /** a count shown beside the label (Needs attention) */
  badge?: number;
}
interface NavGroup {
  label: string;
  items: NavItem[];
}
type NavEntry = NavItem | NavGroup;

const isGroup = (entry: NavEntry): entry is NavGroup => 'items' in entry;

/** The header's entries for a role: a few direct links and groups (Sell · Network · Money · Settings). */
function navEntries(me: MeDto, attention: number): NavEntry[] {
  if (me.role === 'super_admin') {
    return [
      { to: paths.adminOverview, label: 'Overview' },
      { to: paths.adminProviders, label: 'Providers' },
      { to: paths.adminUsers, label: 'Users' },
      { to: paths.adminPerformance, label: 'Performance' },
      {
        label: 'Money',
        items: [
          { to: paths.adminSubscriptionRevenue, label: 'Revenue' },
          { to: paths.adminCommissionRevenue, label: 'Commission revenue' },
          { to: paths.adminPayouts, label: 'Payouts' },
          { to: paths.adminSubscriptions, label: 'Subscriptions' },
          { to: paths.adminPlatformPlans, label: 'Platform plans' },
          { to: paths.adminAttention, label: 'Needs attention', badge: attention },
          { to: paths.adminStatements, label: 'Statements' },
        ],
      },
      {
        label: 'System',
        items: [
          { to: paths.adminHealth, label: 'System health' },
          { to: paths.adminAuditLog, label: 'Audit log' },
          { to: paths.account, label: 'Account' },
        ],
      },
    ];
  }
  if (me.provider?.status === 'pending' || me.provider?.status === 'rejected') {
    // before approval the API answers only the status, the profile and the password
    return [
      { to: paths.overview, label: 'Status' },
      { to: paths.profile, label: 'Profile' },
      { to: paths.account, label: 'Account' },
    ];
  }
  const owner = me.role === 'provider_owner';
  const onlyOwner = (items: NavItem[]) => (owner ? items : []);
  return [
    { to: paths.overview, label: 'Overview' },
    {
      label: 'Sell',
      items: [
        { to: paths.vouchers, label: 'Vouchers' },
        { to: paths.plans, label: 'Plans' },
        { to: paths.resellers, label: 'Resellers' },
        { to: paths.customers, label: 'Customers' },
        { to: paths.smsLog, label: 'SMS log' },
      ],
    },
    {
      label: 'Network',
      items: [
        { to: paths.routers, label: 'Routers' },
        { to: paths.online, label: 'Who is online' },
      ],
    },
    {
      label: 'Money',
      items: [
        { to: paths.payments, label: 'Payments' },
        { to: paths.revenue, label: 'Revenue' },
        { to: paths.attention, label: 'Needs attention', badge: attention },
        { to: paths.reconciliation, label: 'Reconciliation' },
        { to: paths.webhookLogs, label: 'M-Pesa callbacks' },
        ...onlyOwner([
          { to: paths.payouts, label: 'Payouts' },
          { to: paths.paymentSettings, label: 'M-Pesa settings' },
        ]),
      ],
    },
    {
      label: 'Settings',
      items: [
        { to: paths.profile, label: 'Profile' },
        ...onlyOwner([
          { to: paths.subscription, label: 'Subscription' },
          { to: paths.smsSettings, label: 'SMS' },
          { to: paths.staff, label: 'Staff' },
          { to: paths.apiKeys, label: 'API keys' },
          { to: paths.auditLog, label: 'Audit log' },
        ]),
        { to: paths.account, label: 'Account' },
      ],
    },
  ];
}

/** Whether the viewport is at least `px` wide (follows resizes). */
function useWideScreen(px: number): boolean {
  const query = `(min-width: ${px}px)`;
  const [wide, setWide] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setWide(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return wide;
}

const within = (pathname: string, to: string) => pathname === to || pathname.startsWith(to + '/');

/**
 * The main navigation. From 720 px: one row of direct links and group buttons, each group a
 * disclosure list (Escape or a click elsewhere closes it; the group holding the current page is
 * marked). On a phone the header's "Menu" shows every group as a titled list.
 */
export function MainNav({ me, onNavigate }: { me: MeDto; onNavigate: () => void }) {
  const admin = me.role === 'super_admin';
  const activeProvider = !admin && me.provider?.status !== 'pending' && me.provider?.status !== 'rejected';
  const attention = useQuery({ ...attentionQueries.count(admin ? 'admin' : 'provider'), enabled: admin || activeProvider });
  const openItems = attention.data?.open ?? 0;
  const entries = navEntries(me, openItems);
  const wide = useWideScreen(720);
  const { pathname } = useLocation();
  const [open, setOpen] = useState<string | null>(null);
  const navRef = useRef<HTMLElement>(null);
  const baseId = useId();

  useEffect(() => setOpen(null), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (navRef.current && !navRef.current.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    document.getElementById(`${baseId}-${open}-toggle`)?.focus();
    setOpen(null);
  };

  const link = (item: NavItem) => (
    <li key={item.to}>
      <NavLink to={item.to} className="nav-link" onClick={onNavigate}>
        {item.label}
        {item.badge ? (
          <span className="nav-badge" aria-label={`${item.badge} open`}>
            {' '}
            {item.badge}
          </span>
        ) : null}
      </NavLink>
    </li>
  );

  return (
    <nav aria-label="Main" className={'nav main-nav' + (wide ? ' is-wide' : '')} ref={navRef} onKeyDown={onKeyDown}>
      <ul className="nav-list">
        {entries.map((entry) => {
          if (!isGroup(entry)) return link(entry);
          const active = entry.items.some((i) => within(pathname, i.to));
          const listId = `${baseId}-${entry.label}-list`;
          if (!wide) {
            return (
              <li key={entry.label} className="nav-group">
                <span className="nav-group-label" id={`${listId}-label`}>
                  {entry.label}
                </span>
                <ul className="nav-group-list" aria-labelledby={`${listId}-label`}>
                  {entry.items.map(link)}
                </ul>
              </li>
            );
          }
          const expanded = open === entry.label;
          return (
            <li key={entry.label} className="nav-group">
              <button
                type="button"
                id={`${baseId}-${entry.label}-toggle`}
                className={'nav-link nav-group-toggle' + (active ? ' is-active' : '')}
                aria-expanded={expanded}
                aria-controls={listId}
                onClick={() => setOpen(expanded ? null : entry.label)}
              >
                {entry.label}
                {entry.items.some((i) => i.badge) ? <span className="nav-badge nav-badge-dot" aria-label="needs attention" /> : null}
                {active ? <span className="visually-hidden"> (current section)</span> : null}
                <span className="nav-caret" aria-hidden="true">
                  ▾
                </span>
              </button>
              <ul id={listId} className="nav-group-list nav-popover" hidden={!expanded}>
                {entry.items.map(link)}
              </ul>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
