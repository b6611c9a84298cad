import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { dashboardQueries, type GettingStarted as GettingStartedData } from '../api/dashboard-queries';
import './getting-started.css';

/** Where each step is done (the app's paths, passed in: features never import the app). */
export interface GettingStartedPaths {
  routerNew: string;
  routerTab: (id: string, tab: string) => string;
  plans: string;
  planNew: string;
  paymentSettings: string;
  payments: string;
}

interface StepView {
  key: string;
  done: boolean;
  title: string;
  body: ReactNode;
  link: { to: string; label: string } | null;
}

function stepsOf(g: GettingStartedData, paths: GettingStartedPaths): StepView[] {
  const ticked = new Map(g.steps.map((s) => [s.key, s.done]));
  const done = {
    router: ticked.get('router') === true,
    connected: ticked.get('connected') === true,
    plan: ticked.get('plan') === true,
    mpesa: ticked.get('mpesa') === true,
    sale: ticked.get('sale') === true,
  };
  const router = g.routerId;
  return [
    {
      key: 'router',
      done: done.router,
      title: 'Add your router',
      body: done.router ? `${g.routerName ?? 'Your router'} is added.` : 'Give it a name and its address. Wavu makes the password the platform uses on the router, so you do not have to invent one.',
      link: done.router ? null : { to: paths.routerNew, label: 'Add a router' },
    },
    {
      key: 'connected',
      done: done.connected,
      title: 'Run the setup kit and test the connection',
      body: done.connected
        ? `${g.connectedRouterName ?? 'Your router'} answered the platform.`
        : router
          ? `Download the setup kit for ${g.routerName ?? 'your router'}, run it on the router, then press Test connection.`
          : 'After adding the router: download its setup kit, run it on the router, then press Test connection.',
      link: !done.connected && router ? { to: paths.routerTab(router, 'setup-kit'), label: 'Open the setup kit' } : null,
    },
    {
      key: 'plan',
      done: done.plan,
      title: 'Offer a plan on your router',
      body: done.plan ? `“${g.planName ?? 'A plan'}” is offered on a router.` : 'A plan is what customers buy, for example “1 hour, KES 20”. It needs to be offered on at least one router.',
      link: done.plan ? null : { to: paths.planNew, label: 'Create a plan' },
    },
    {
      key: 'mpesa',
      done: done.mpesa,
      title: 'Choose how M-Pesa pays you',
      body: done.mpesa
        ? g.mpesaMode === 'own_account'
          ? 'Your own paybill or till is set up and Daraja accepted its keys.'
          : "Customers pay to Wavu's paybill; Wavu keeps its commission and the rest is your payouts balance."
        : g.mpesaMode === 'own_account'
          ? 'Your keys are saved but not verified yet: press “Test credentials” on the M-Pesa page.'
          : g.platformCollectionAvailable
            ? "Use Wavu's paybill (a commission applies) or your own Daraja app, then save."
            : 'Enter your own Daraja app (paybill or till) and test the keys.',
      link: done.mpesa ? null : { to: paths.paymentSettings, label: 'Open M-Pesa settings' },
    },
    {
      key: 'sale',
      done: done.sale,
      title: 'Make a first sale',
      body: done.sale ? 'Your first sale is in.' : 'Connect a phone to your WiFi and buy the cheapest plan yourself, or sell a printed voucher.',
      link: done.sale ? { to: paths.payments, label: 'See payments' } : null,
    },
  ];
}

/**
 * The owner's first-day checklist on the overview. Every tick comes from the server, which
 * computes it from the data (docs/getting-started.md); once everything is done it shrinks to one line.
 */
export function GettingStarted({ paths }: { paths: GettingStartedPaths }) {
  const query = useQuery(dashboardQueries.gettingStarted());
  // the overview is what the owner came for: a checklist that cannot load stays out of the way
  if (!query.data) return null;
  const g = query.data;
  if (g.complete) {
    return (
      <Alert tone="success" title="You're set up">
        Your router answers, a plan is on sale, M-Pesa is ready and the first sale is in.
      </Alert>
    );
  }
  const steps = stepsOf(g, paths);
  const count = steps.filter((s) => s.done).length;
  const next = steps.find((s) => !s.done)?.key;
  return (
    <Card title="Get your hotspot selling" aria-label="Getting started">
      <p className="gs-progress muted">
        {count} of {steps.length} done. Each step ticks itself when Wavu sees it done.
      </p>
      <ol className="gs-steps">
        {steps.map((s, i) => (
          <li key={s.key} className={'gs-step' + (s.done ? ' is-done' : '')} aria-current={s.key === next ? 'step' : undefined}>
            <span className="gs-mark" aria-hidden="true">
              {s.done ? '✓' : i + 1}
            </span>
            <div>
              <p className="gs-title">
                {s.title}
                <span className="visually-hidden">{s.done ? ' (done)' : ' (to do)'}</span>
              </p>
              <p className="gs-body muted small">{s.body}</p>
              {s.link ? (
                <Link className={'gs-link' + (s.key === next ? ' btn btn-primary btn-sm' : '')} to={s.link.to}>
                  {s.link.label}
                </Link>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
