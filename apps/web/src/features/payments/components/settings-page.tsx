import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api-error';
import { formatBasisPoints, formatDateTime, formatMoney } from '@/lib/format';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useRegisterC2b, useRotateCallbackSecret, useSavePaymentSettings, useTestCredentials } from '../api/payment-mutations';
import { paymentQueries } from '../api/payment-queries';
import type { CollectionMode, PaymentSettingsDto, UpdatePaymentSettingsBody } from '../api/types';
import './payments.css';

const FIELDS = ['mode', 'environment', 'shortcodeType', 'shortcode', 'tillNumber', 'consumerKey', 'consumerSecret', 'passkey'] as const;
const SECRETS = ['consumerKey', 'consumerSecret', 'passkey'] as const;
type SecretName = (typeof SECRETS)[number];
const SECRET_LABELS: Record<SecretName, string> = { consumerKey: 'Consumer key', consumerSecret: 'Consumer secret', passkey: 'Passkey' };

interface Values {
  mode: CollectionMode;
  environment: 'sandbox' | 'production';
  shortcodeType: 'paybill' | 'till';
  shortcode: string;
  tillNumber: string;
  consumerKey: string;
  consumerSecret: string;
  passkey: string;
}

function initial(s: PaymentSettingsDto): Values {
  return {
    mode: s.mode,
    environment: s.environment ?? 'sandbox',
    shortcodeType: s.shortcodeType ?? 'paybill',
    shortcode: s.shortcode ?? '',
    tillNumber: s.tillNumber ?? '',
    consumerKey: '',
    consumerSecret: '',
    passkey: '',
  };
}

const isSet = (s: PaymentSettingsDto, name: SecretName) => (name === 'consumerKey' ? s.consumerKeySet : name === 'consumerSecret' ? s.consumerSecretSet : s.passkeySet);

/** M-Pesa collection settings (provider owner): platform collection or the provider's own Daraja app. */
export function PaymentSettingsPage() {
  const settings = useQuery(paymentQueries.settings());
  if (settings.isPending) return <LoadingState label="Loading M-Pesa settings…" />;
  if (settings.isError) return <ErrorState title="Could not load the M-Pesa settings" error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <>
      <SettingsForm settings={settings.data} />
      {settings.data.mode === 'own_account' ? <OwnAccountActions settings={settings.data} /> : <PlatformSummary settings={settings.data} />}
      <CallbackSecret settings={settings.data} />
    </>
  );
}

function SettingsForm({ settings }: { settings: PaymentSettingsDto }) {
  const [values, setValues] = useState<Values>(() => initial(settings));
  const [replacing, setReplacing] = useState<Record<SecretName, boolean>>({ consumerKey: false, consumerSecret: false, passkey: false });
  const [saved, setSaved] = useState(false);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSavePaymentSettings();
  const modeName = useId();

  const set = <K extends keyof Values>(name: K, value: Values[K]) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    form.clearField(name);
    setSaved(false);
  };
  const bind = (name: 'shortcode' | 'tillNumber' | SecretName) => ({
    name,
    value: values[name],
    error: form.errors[name],
    onChange: (e: { target: { value: string } }) => set(name, e.target.value),
  });
  const own = values.mode === 'own_account';
  const editingSecret = (name: SecretName) => !isSet(settings, name) || replacing[name];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (own) {
      const digits = (v: string) => /^\d{5,7}$/.test(v.trim());
      const secret = (name: SecretName) => {
        if (!editingSecret(name)) return undefined;
        const v = values[name].trim();
        if (!v) return isSet(settings, name) ? undefined : `Enter the ${SECRET_LABELS[name].toLowerCase()} from your Daraja app.`;
        if (v.length < 4 || /\s/.test(v)) return `The ${SECRET_LABELS[name].toLowerCase()} has at least 4 characters and no spaces.`;
        return undefined;
      };
      const ok = form.check({
        shortcode: !digits(values.shortcode) ? 'Enter the shortcode: 5–7 digits.' : undefined,
        tillNumber: values.shortcodeType === 'till' && !digits(values.tillNumber) ? 'Enter the till number: 5–7 digits.' : undefined,
        consumerKey: secret('consumerKey'),
        consumerSecret: secret('consumerSecret'),
        passkey: secret('passkey'),
      });
      if (!ok) return focusFirstInvalid(formRef.current);
    } else form.reset();

    // The generated type of the nullable `tillNumber` is `Record<string, never> | null` (the DTO's
    // @ApiPropertyOptional lacks `type: String`), hence the cast of this one field.
    const tillNumber = (values.shortcodeType === 'till' ? values.tillNumber.trim() : null) as UpdatePaymentSettingsBody['tillNumber'];
    const body: UpdatePaymentSettingsBody = own
      ? {
          mode: 'own_account',
          environment: values.environment,
          shortcodeType: values.shortcodeType,
          shortcode: values.shortcode.trim(),
          tillNumber,
          ...Object.fromEntries(SECRETS.filter((n) => editingSecret(n) && values[n].trim()).map((n) => [n, values[n].trim()])),
        }
      : { mode: 'platform' };
    save.mutate(body, {
      onSuccess: (next) => {
        setSaved(true);
        setReplacing({ consumerKey: false, consumerSecret: false, passkey: false });
        setValues(initial(next));
      },
      onError: (error) => {
        form.fromServer(error);
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <Card title="How you collect M-Pesa payments">
      <form ref={formRef} onSubmit={submit} noValidate className="pay-form">
        <fieldset className="pay-fieldset">
          <legend className="field-label">Collection mode</legend>
          <label className="pay-radio">
            <input
              type="radio"
              name={modeName}
              value="platform"
              checked={values.mode === 'platform'}
              onChange={() => set('mode', 'platform')}
              disabled={!settings.platformAvailable && settings.mode !== 'platform'}
            />
            <span>
              <strong>Platform collection</strong>
              <span className="muted small block">
                Customers pay Wavu’s shortcode; Wavu pays you out minus a {formatBasisPoints(settings.commissionRateBp)} commission.
                {!settings.platformAvailable ? ' Not available on this installation.' : ''}
              </span>
            </span>
          </label>
          <label className="pay-radio">
            <input type="radio" name={modeName} value="own_account" checked={values.mode === 'own_account'} onChange={() => set('mode', 'own_account')} />
            <span>
              <strong>My own Daraja app</strong>
              <span className="muted small block">Customers pay your paybill or till directly; no commission.</span>
            </span>
          </label>
          {form.errors.mode ? <div className="field-error">{form.errors.mode}</div> : null}
        </fieldset>

        {own ? (
          <div className="pay-form-grid">
            <Select label="Environment" value={values.environment} error={form.errors.environment} onChange={(e) => set('environment', e.target.value === 'production' ? 'production' : 'sandbox')}>
              <option value="sandbox">Sandbox (testing)</option>
              <option value="production">Production (real money)</option>
            </Select>
            <Select label="Shortcode type" value={values.shortcodeType} error={form.errors.shortcodeType} onChange={(e) => set('shortcodeType', e.target.value === 'till' ? 'till' : 'paybill')}>
              <option value="paybill">Paybill</option>
              <option value="till">Till (Buy Goods)</option>
            </Select>
            <Input
              label="Shortcode"
              inputMode="numeric"
              autoComplete="off"
              maxLength={7}
              hint={values.shortcodeType === 'till' ? 'The till’s store (HO) number, 5–7 digits.' : 'Your paybill number, 5–7 digits.'}
              {...bind('shortcode')}
            />
            {values.shortcodeType === 'till' ? (
              <Input label="Till number" inputMode="numeric" autoComplete="off" maxLength={7} hint="The number customers pay, 5–7 digits." {...bind('tillNumber')} />
            ) : null}
            {SECRETS.map((name) =>
              editingSecret(name) ? (
                <div key={name} className="pay-secret">
                  <Input
                    label={SECRET_LABELS[name]}
                    type="password"
                    autoComplete="off"
                    maxLength={200}
                    hint={isSet(settings, name) ? 'Enter the new value; leave empty to keep the stored one.' : 'Write-only: it is stored encrypted and never shown again.'}
                    {...bind(name)}
                  />
                  {isSet(settings, name) ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        setReplacing((r) => ({ ...r, [name]: false }));
                        set(name, '');
                      }}
                    >
                      Keep the stored {SECRET_LABELS[name].toLowerCase()}
                    </Button>
                  ) : null}
                </div>
              ) : (
                <div key={name} className="field pay-secret-set">
                  <span className="field-label">{SECRET_LABELS[name]}</span>
                  <span data-testid={`secret-${name}`}>
                    <Badge tone="success">set</Badge>
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => setReplacing((r) => ({ ...r, [name]: true }))} aria-label={`Replace ${SECRET_LABELS[name].toLowerCase()}`}>
                    Replace
                  </Button>
                  {form.errors[name] ? <div className="field-error">{form.errors[name]}</div> : null}
                </div>
              ),
            )}
          </div>
        ) : null}

        {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
        {saved ? <Alert tone="success">M-Pesa settings saved.</Alert> : null}
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </div>
      </form>
    </Card>
  );
}

function SecretStatus({ settings }: { settings: PaymentSettingsDto }) {
  return (
    <dl className="details pay-details" aria-label="Stored credentials">
      {SECRETS.map((name) => (
        <div key={name}>
          <dt>{SECRET_LABELS[name]}</dt>
          <dd>{isSet(settings, name) ? <Badge tone="success">set</Badge> : <Badge tone="warning">not set</Badge>}</dd>
        </div>
      ))}
    </dl>
  );
}

function OwnAccountActions({ settings }: { settings: PaymentSettingsDto }) {
  const test = useTestCredentials();
  const c2b = useRegisterC2b();
  const ready = settings.consumerKeySet && settings.consumerSecretSet;
  // A result belongs to the settings it was run against: clear it when they change.
  const stamp = `${settings.shortcode}|${settings.environment}`;
  const resetTest = test.reset;
  useEffect(() => resetTest(), [stamp, resetTest]);

  return (
    <Card title="Your Daraja app">
      <SecretStatus settings={settings} />
      <div className="pay-actions">
        <section aria-labelledby="pay-test-title">
          <h3 id="pay-test-title" className="pay-subtitle">
            Credentials
          </h3>
          <p className="muted small">Asks Safaricom for an access token with the stored consumer key and secret.</p>
          <Button variant="secondary" onClick={() => test.mutate()} loading={test.isPending} disabled={!ready}>
            Test credentials
          </Button>
          <div role="status" aria-label="Credential test result" className="pay-result">
            {test.isSuccess ? (
              <Alert tone={test.data.ok ? 'success' : 'danger'} title={test.data.ok ? 'Credentials work' : 'Credentials refused'}>
                {test.data.message}
              </Alert>
            ) : test.isError ? (
              <Alert tone="danger" title="Could not test">
                {errorMessage(test.error)}
              </Alert>
            ) : settings.lastTestedAt ? (
              <p className="muted small">
                Last test {formatDateTime(settings.lastTestedAt)}: {settings.lastTestOk ? 'passed' : 'failed'}
                {settings.lastTestMessage ? ` — ${settings.lastTestMessage}` : ''}
              </p>
            ) : (
              <p className="muted small">{ready ? 'Not tested yet.' : 'Save a consumer key and secret first.'}</p>
            )}
          </div>
        </section>
        <section aria-labelledby="pay-c2b-title">
          <h3 id="pay-c2b-title" className="pay-subtitle">
            Paybill/till payments (C2B)
          </h3>
          <p className="muted small">
            Registers Wavu’s validation and confirmation URLs with Safaricom so customers can also pay your {settings.shortcodeType === 'till' ? 'till' : 'paybill'} by hand with the voucher’s payment
            reference.
            {settings.environment === 'production' ? ' In production Safaricom accepts this only once.' : ''}
          </p>
          <Button variant="secondary" onClick={() => c2b.mutate()} loading={c2b.isPending} disabled={!ready}>
            Register C2B URLs
          </Button>
          <div role="status" aria-label="C2B registration result" className="pay-result">
            {c2b.isSuccess ? (
              <Alert tone={c2b.data.registered ? 'success' : 'danger'} title={c2b.data.registered ? `Registered${c2b.data.version ? ` (${c2b.data.version})` : ''}` : 'Not registered'}>
                {c2b.data.message}
              </Alert>
            ) : c2b.isError ? (
              <Alert tone="danger" title="Registration failed">
                {errorMessage(c2b.error)}
              </Alert>
            ) : settings.c2bUrlsOutdated ? (
              <Alert tone="warning" title="Register the C2B URLs again">
                They still carry the callback secret you replaced; paybill/till payments keep arriving only until the secret is replaced once more.
                {settings.environment === 'production' ? ' In production, delete the old URLs in Daraja (URL Management) first.' : ''}
              </Alert>
            ) : settings.c2bRegisteredAt ? (
              <p className="muted small">
                Registered {formatDateTime(settings.c2bRegisteredAt)}
                {settings.c2bVersion ? ` (${settings.c2bVersion})` : ''}
              </p>
            ) : (
              <p className="muted small">Not registered yet.</p>
            )}
          </div>
        </section>
      </div>
    </Card>
  );
}

function PlatformSummary({ settings }: { settings: PaymentSettingsDto }) {
  const balance = useQuery(paymentQueries.balance());
  return (
    <Card title="Platform collection">
      <dl className="details pay-details">
        <div>
          <dt>Commission</dt>
          <dd data-testid="commission-rate">
            {formatBasisPoints(settings.commissionRateBp)}
            {settings.commissionOverridden ? <span className="muted small"> (set by Wavu for your account)</span> : null}
          </dd>
        </div>
        {balance.isPending ? (
          <div>
            <dt>Payouts</dt>
            <dd>
              <LoadingState label="Loading balance…" />
            </dd>
          </div>
        ) : balance.isError ? (
          <div>
            <dt>Payouts</dt>
            <dd>
              <ErrorState title="Could not load the payouts balance" error={balance.error} onRetry={() => void balance.refetch()} />
            </dd>
          </div>
        ) : (
          <>
            <div>
              <dt>Earned (net of commission)</dt>
              <dd>{formatMoney(balance.data.owedMinor, balance.data.currency)}</dd>
            </div>
            <div>
              <dt>Paid out</dt>
              <dd>{formatMoney(balance.data.paidOutMinor, balance.data.currency)}</dd>
            </div>
            <div>
              <dt>Balance owed to you</dt>
              <dd data-testid="payout-balance">
                <strong>{formatMoney(balance.data.balanceMinor, balance.data.currency)}</strong>
              </dd>
            </div>
          </>
        )}
      </dl>
    </Card>
  );
}

/** The secret in the callback URLs Safaricom is given: replaced on every collection change, and here on demand. */
function CallbackSecret({ settings }: { settings: PaymentSettingsDto }) {
  const rotate = useRotateCallbackSecret();
  const [confirming, setConfirming] = useState(false);
  return (
    <Card title="Callback secret">
      <p className="muted small">
        Safaricom tells Wavu about payments through web addresses that contain a secret. Wavu replaces it whenever you change how you collect; replace it yourself if you think someone else has seen
        it. Payment requests already sent are still answered.
      </p>
      <div className="pay-secret">
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Replace callback secret
        </Button>
        <div role="status" aria-label="Callback secret" className="pay-result">
          {rotate.isSuccess ? (
            <Alert tone="success" title="Callback secret replaced">
              {settings.mode === 'own_account' && settings.c2bRegisteredAt ? 'Register the C2B URLs again so paybill/till payments use the new secret.' : 'New payment requests use the new secret.'}
            </Alert>
          ) : (
            <p className="muted small">{settings.callbackSecretRotatedAt ? `Last replaced ${formatDateTime(settings.callbackSecretRotatedAt)}` : 'Never replaced.'}</p>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Replace the callback secret?"
        description={
          <p>
            Callbacks with the old secret are refused, except for payment requests already sent.
            {settings.mode === 'own_account' && settings.c2bRegisteredAt ? ' Your C2B URLs must be registered again afterwards.' : ''}
          </p>
        }
        confirmLabel="Replace secret"
        tone="danger"
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : undefined}
        onCancel={() => {
          rotate.reset();
          setConfirming(false);
        }}
        onConfirm={() => rotate.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      />
    </Card>
  );
}
