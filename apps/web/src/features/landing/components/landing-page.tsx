import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { formatMoney } from '@/lib/format';
import { landingQueries } from '../api/landing-queries';
import { planLines, trialText } from '../plan-lines';
import '@/components/ui/dashboard.css';

const FEATURES = [
  { title: 'Sell WiFi with M-Pesa', body: 'Customers pick a plan on your captive portal, pay by STK push and are logged in automatically. Paybill and till payments work too.' },
  { title: 'Printed vouchers', body: 'Generate thousands of codes in seconds, print A4 or thermal sheets with QR codes, track every voucher from sale to expiry.' },
  { title: 'Your MikroTik routers', body: 'Connect RouterOS over the API, get a setup script, watch sessions live. Changes reach the router even after it was offline.' },
  { title: 'An exact ledger', body: 'Every shilling settled is recorded once: revenue by day, plan and router, CSV exports, and the customers who buy from you.' },
];

/** The public page at / for visitors: what Wavu does, pricing from the platform plans, sign-up and log-in. */
export function LandingPage({ loginPath, signupPath }: { loginPath: string; signupPath: string }) {
  const plans = useQuery(landingQueries.platformPlans());
  const trial = useQuery(landingQueries.trial());
  // the length comes from the server's configuration; until it answers, no number is invented
  const trialName = trial.data ? trialText(trial.data.trialDays) : 'free trial';
  return (
    <div className="landing">
      <header className="landing-nav">
        <span className="brand brand-lg">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>{' '}
          Wavu
        </span>
        <nav className="landing-nav-links" aria-label="Account">
          <Link className="btn btn-ghost" to={loginPath}>
            Log in
          </Link>
          <Link className="btn btn-primary" to={signupPath}>
            Sign up
          </Link>
        </nav>
      </header>
      <main id="main">
        <section className="landing-hero">
          <h1>Billing for MikroTik WiFi hotspots, paid with M-Pesa</h1>
          <p>Wavu runs your hotspot business: plans, vouchers, M-Pesa payments, your routers and your numbers — from one dashboard that works on your phone.</p>
          {trial.data ? (
            <p className="landing-trial">
              <strong>{trial.data.trialDays} days free</strong> from the day your account is approved. No payment details needed to start.
            </p>
          ) : null}
          <div className="form-actions">
            <Link className="btn btn-primary" to={signupPath}>
              Start your {trialName}
            </Link>
            <Link className="btn btn-secondary" to={loginPath}>
              Log in
            </Link>
          </div>
        </section>
        <section aria-labelledby="features-title">
          <h2 id="features-title">What Wavu does</h2>
          <div className="feature-grid">
            {FEATURES.map((f) => (
              <article key={f.title} className="feature">
                <h3>{f.title}</h3>
                <p>{f.body}</p>
              </article>
            ))}
          </div>
        </section>
        <section aria-labelledby="pricing-title">
          <h2 id="pricing-title">Pricing</h2>
          {plans.isPending ? (
            <LoadingState label="Loading prices…" />
          ) : plans.isError ? (
            <ErrorState title="Could not load prices" error={plans.error} onRetry={() => void plans.refetch()} />
          ) : plans.data.length === 0 ? (
            <EmptyState title="Prices are coming soon">Sign up now: every new account starts with a {trialName}.</EmptyState>
          ) : (
            <div className="price-grid">
              {plans.data.map((p) => (
                <article key={p.id} className="feature" aria-label={`${p.name} plan`}>
                  <h3>{p.name}</h3>
                  <p className="price">
                    {formatMoney(p.priceMinor, p.currency)} <span className="muted small">/ {p.period === 'yearly' ? 'year' : 'month'}</span>
                  </p>
                  {p.description ? <p>{p.description}</p> : null}
                  <ul className="type-list">
                    {planLines(p).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </article>
              ))}
            </div>
          )}
          <p className="muted">
            Every new account starts with a {trialName}
            {trial.data ? ` from approval; then choose a plan to keep selling (sales go on ${trial.data.graceDays} more day${trial.data.graceDays === 1 ? '' : 's'} while you pay)` : ''}. Commission on
            M-Pesa sales collected by Wavu: 20 % for homes and personal hotspots, 0 % for ISPs and businesses using their own paybill.
          </p>
        </section>
      </main>
      <footer className="landing-footer">Wavu · WiFi billing for Kenya · API reference at /api/docs</footer>
    </div>
  );
}
