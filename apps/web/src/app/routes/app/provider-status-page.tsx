import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { landingQueries } from '@/features/landing/api/landing-queries';
import { planLines, trialText } from '@/features/landing/plan-lines';
import type { MeDto } from '@/lib/api/types';
import { formatMoney } from '@/lib/format';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import '@/components/ui/dashboard.css';

/**
 * What a pending or rejected account sees instead of the dashboard (docs/getting-started.md
 * "Account states"): the API refuses everything but the status, the profile and the password
 * (403 PROVIDER_NOT_ACTIVE), so there is nothing else to show. The status itself and the reason
 * are in the banner above; this page says what comes next and shows the pricing.
 */
export function ProviderStatusPage({ me }: { me: MeDto }) {
  useTitle('Account status');
  const pending = me.provider?.status === 'pending';
  const plans = useQuery(landingQueries.platformPlans());
  const trial = useQuery(landingQueries.trial());
  const t = trial.data;
  const limits = t ? planLines({ maxRouters: t.maxRouters, maxVouchersPerMonth: t.maxVouchersPerMonth, features: [] }).join(', ').toLowerCase() : null;

  return (
    <>
      <h1 className="page-title">{pending ? 'Your application' : 'Your application was not approved'}</h1>
      <Card title={pending ? 'What happens next' : 'What you can do'}>
        {pending ? (
          <ol className="type-list">
            <li>
              Check your <Link to={paths.profile}>business profile</Link>: the Wavu team reviews it, usually within a day.
            </li>
            <li>Once approved you can add your routers, create your plans, set up M-Pesa and start selling. Until then nothing else can be set up.</li>
            <li>
              Your {t ? trialText(t.trialDays) : 'free trial'} starts on the day of approval{limits ? ` (${limits})` : ''}. After it, choose a plan below to keep selling.
            </li>
          </ol>
        ) : (
          <p>
            You can still sign in, see your <Link to={paths.profile}>profile</Link> and change your <Link to={paths.account}>password</Link>. An application that was not approved cannot be reopened
            from here: if the reason is something you can fix, contact the Wavu team.
          </p>
        )}
      </Card>
      {pending ? (
        <Card title="Pricing">
          {plans.isPending ? (
            <LoadingState label="Loading prices…" />
          ) : plans.isError ? (
            <ErrorState title="Could not load prices" error={plans.error} onRetry={() => void plans.refetch()} />
          ) : plans.data.length === 0 ? (
            <p className="muted">Prices are coming soon.</p>
          ) : (
            <div className="price-grid">
              {plans.data.map((p) => (
                <article key={p.id} className="feature" aria-label={`${p.name} plan`}>
                  <h3>{p.name}</h3>
                  <p className="price">
                    {formatMoney(p.priceMinor, p.currency)} <span className="muted small">/ {p.period === 'yearly' ? 'year' : 'month'}</span>
                  </p>
                  <ul className="type-list">
                    {planLines(p).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </article>
              ))}
            </div>
          )}
        </Card>
      ) : null}
    </>
  );
}
