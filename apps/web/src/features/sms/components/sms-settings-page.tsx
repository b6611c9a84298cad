import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyField } from '@/components/ui/copy-field';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { normaliseKenyanMobile } from '@/lib/phones';
import { useSaveSmsSettings, useSendTestSms } from '../api/sms-mutations';
import { smsQueries } from '../api/sms-queries';
import type { SmsLocale, SmsMode, SmsSettingsDto, UpdateSmsSettingsBody } from '../api/types';
import { SmsUsage } from './sms-usage';
import './sms.css';

const FIELDS = ['mode', 'atEnvironment', 'atUsername', 'atApiKey', 'senderId', 'voucherSms', 'locale'] as const;
const USERNAME = /^[A-Za-z0-9_.-]{1,100}$/;
const SENDER_ID = /^[A-Za-z0-9]{1,11}$/;

interface Values {
  mode: SmsMode;
  atEnvironment: 'sandbox' | 'production';
  atUsername: string;
  atApiKey: string;
  senderId: string;
  voucherSms: boolean;
  locale: SmsLocale;
}

function initial(s: SmsSettingsDto): Values {
  return {
    mode: s.mode,
    atEnvironment: s.atEnvironment ?? 'production',
    atUsername: s.atUsername ?? '',
    atApiKey: '',
    senderId: s.senderId ?? '',
    voucherSms: s.voucherSms,
    locale: s.locale,
  };
}

/** What a customer text looks like in each language (docs/sms.md §9). */
const EXAMPLES: Record<SmsLocale, string> = {
  en: '“your WiFi code is K7M4QX2P (1 day). Type it on the WiFi login page.”',
  sw: '“nambari yako ya WiFi ni K7M4QX2P (1 day). Iandike kwenye ukurasa wa kuingia wa WiFi.”',
};

/**
 * Settings → SMS (provider owner, docs/sms.md §8): whose Africa's Talking account texts the
 * customers, the customer texts' options, this month's usage and a test SMS.
 */
export function SmsSettingsPage({ logPath }: { logPath: string }) {
  const settings = useQuery(smsQueries.settings());
  if (settings.isPending) return <LoadingState label="Loading SMS settings…" />;
  if (settings.isError) return <ErrorState title="Could not load the SMS settings" error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <>
      <SettingsForm settings={settings.data} />
      <SmsUsage mode={settings.data.mode} />
      <TestSms settings={settings.data} logPath={logPath} />
    </>
  );
}

function StatusLine({ settings }: { settings: SmsSettingsDto }) {
  if (settings.mode === 'off') return <Badge tone="neutral">SMS off</Badge>;
  if (!settings.active) return <Badge tone="warning">Not sending: the platform account is no longer offered</Badge>;
  return <Badge tone="success">{settings.mode === 'own' ? 'Sending with your Africa’s Talking app' : 'Sending with Wavu’s account'}</Badge>;
}

function SettingsForm({ settings }: { settings: SmsSettingsDto }) {
  const [values, setValues] = useState<Values>(() => initial(settings));
  const [replacingKey, setReplacingKey] = useState(false);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSaveSmsSettings();
  const modeName = useId();
  const localeName = useId();

  const set = <K extends keyof Values>(name: K, value: Values[K]) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    form.clearField(name);
    setSaved(false);
  };
  const own = values.mode === 'own';
  const editingKey = !settings.atApiKeySet || replacingKey;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (own) {
      const key = values.atApiKey.trim();
      const ok = form.check({
        atUsername: !values.atUsername.trim()
          ? 'Enter the username of your Africa’s Talking app (“sandbox” for the sandbox).'
          : !USERNAME.test(values.atUsername.trim())
            ? 'The username has letters, digits, “_”, “.” or “-” only (at most 100).'
            : undefined,
        atApiKey: !editingKey
          ? undefined
          : !key
            ? settings.atApiKeySet
              ? undefined
              : 'Enter the API key of your Africa’s Talking app.'
            : key.length < 8 || /\s/.test(key)
              ? 'The API key has at least 8 characters and no spaces.'
              : undefined,
        senderId: values.senderId.trim() && !SENDER_ID.test(values.senderId.trim()) ? 'A sender ID is 1–11 letters or digits, as registered on your app.' : undefined,
      });
      if (!ok) return focusFirstInvalid(formRef.current);
    } else form.reset();

    // The generated type of the nullable `senderId` is `Record<string, never> | null` (the DTO's
    // @ApiPropertyOptional lacks `type: String`), hence the cast of this one field.
    const senderId = (values.senderId.trim() || null) as UpdateSmsSettingsBody['senderId'];
    const key = values.atApiKey.trim();
    const body: UpdateSmsSettingsBody = own
      ? {
          mode: 'own',
          atEnvironment: values.atEnvironment,
          atUsername: values.atUsername.trim(),
          senderId,
          voucherSms: values.voucherSms,
          locale: values.locale,
          ...(editingKey && key ? { atApiKey: key } : {}),
        }
      : { mode: values.mode, voucherSms: values.voucherSms, locale: values.locale };
    save.mutate(body, {
      onSuccess: (next) => {
        setSaved(true);
        setReplacingKey(false);
        setValues(initial(next));
      },
      onError: (error) => {
        form.fromServer(error);
        focusFirstInvalid(formRef.current);
      },
    });
  };

  const platformOffered = settings.platformAvailable || settings.mode === 'platform';
  return (
    <Card title="How your customers are texted" actions={<StatusLine settings={settings} />}>
      <form ref={formRef} onSubmit={submit} noValidate className="sms-form" aria-label="SMS settings">
        <fieldset className="sms-fieldset">
          <legend className="field-label">Send SMS with</legend>
          {platformOffered ? (
            <label className="sms-choice">
              <input type="radio" name={modeName} value="platform" checked={values.mode === 'platform'} onChange={() => set('mode', 'platform')} disabled={!settings.platformAvailable} />
              <span>
                <strong>Wavu’s SMS account</strong>
                <span className="muted small sms-block">
                  Nothing to set up. Texts come from {settings.platformSenderId ? `“${settings.platformSenderId}”` : 'the gateway’s shared sender'} and count against your plan’s SMS allowance.
                  {!settings.platformAvailable ? ' No longer offered on this installation: choose another option.' : ''}
                </span>
              </span>
            </label>
          ) : null}
          <label className="sms-choice">
            <input type="radio" name={modeName} value="own" checked={own} onChange={() => set('mode', 'own')} />
            <span>
              <strong>My own Africa’s Talking app</strong>
              <span className="muted small sms-block">Texts are paid from your app’s wallet and come from your own sender ID.</span>
            </span>
          </label>
          <label className="sms-choice">
            <input type="radio" name={modeName} value="off" checked={values.mode === 'off'} onChange={() => set('mode', 'off')} />
            <span>
              <strong>Off</strong>
              <span className="muted small sms-block">Nothing is texted: no code after a purchase, no “Text code to buyer”, no batches texted to phones.</span>
            </span>
          </label>
          {form.errors.mode ? <div className="field-error">{form.errors.mode}</div> : null}
        </fieldset>

        {own ? (
          <section className="sms-own" aria-labelledby={`${modeName}-own`}>
            <h3 id={`${modeName}-own`} className="sms-subtitle">
              Your Africa’s Talking app
            </h3>
            <div className="sms-form-grid">
              <Select
                label="Environment"
                value={values.atEnvironment}
                error={form.errors.atEnvironment}
                onChange={(e) => set('atEnvironment', e.target.value === 'sandbox' ? 'sandbox' : 'production')}
              >
                <option value="production">Production (real texts)</option>
                <option value="sandbox">Sandbox (testing, AT’s simulator)</option>
              </Select>
              <Input
                label="Username"
                name="atUsername"
                autoComplete="off"
                maxLength={100}
                hint="The app’s username in the AT dashboard; “sandbox” for the sandbox."
                value={values.atUsername}
                error={form.errors.atUsername}
                onChange={(e) => set('atUsername', e.target.value)}
              />
              {editingKey ? (
                <div>
                  <Input
                    label="API key"
                    name="atApiKey"
                    type="password"
                    autoComplete="off"
                    maxLength={200}
                    hint={settings.atApiKeySet ? 'Enter the new key; leave empty to keep the stored one.' : 'Write-only: it is stored encrypted and never shown again.'}
                    value={values.atApiKey}
                    error={form.errors.atApiKey}
                    onChange={(e) => set('atApiKey', e.target.value)}
                  />
                  {settings.atApiKeySet ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        setReplacingKey(false);
                        set('atApiKey', '');
                      }}
                    >
                      Keep the stored API key
                    </Button>
                  ) : null}
                </div>
              ) : (
                <div className="field sms-secret-set">
                  <span className="field-label">API key</span>
                  <span data-testid="sms-api-key">
                    <Badge tone="success">stored</Badge>
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => setReplacingKey(true)} aria-label="Replace the API key">
                    Replace
                  </Button>
                  {form.errors.atApiKey ? <div className="field-error">{form.errors.atApiKey}</div> : null}
                </div>
              )}
              <Input
                label="Sender ID"
                name="senderId"
                autoComplete="off"
                maxLength={11}
                hint="Optional: one registered on this app (up to 11 letters or digits). Empty: AT’s shared sender."
                value={values.senderId}
                error={form.errors.senderId}
                onChange={(e) => set('senderId', e.target.value)}
              />
            </div>
            <CopyField
              label="Delivery reports URL"
              value={settings.deliveryReportUrl}
              hint="Paste it in the Africa’s Talking dashboard under SMS → SMS Callback URLs → Delivery Reports, so the message log shows whether each text arrived. It carries a secret: keep it private."
            />
          </section>
        ) : null}

        <fieldset className="sms-fieldset">
          <legend className="field-label">Customer texts</legend>
          <label className="sms-check">
            <input type="checkbox" name="voucherSms" checked={values.voucherSms} onChange={(e) => set('voucherSms', e.target.checked)} />
            <span>Text the code to the buyer after an M-Pesa purchase</span>
          </label>
          {form.errors.voucherSms ? <div className="field-error">{form.errors.voucherSms}</div> : null}
        </fieldset>
        <fieldset className="sms-fieldset">
          <legend className="field-label">Language of customer texts</legend>
          <div className="sms-inline">
            {(['en', 'sw'] as const).map((l) => (
              <label key={l} className="sms-check">
                <input type="radio" name={localeName} value={l} checked={values.locale === l} onChange={() => set('locale', l)} />
                <span>{l === 'en' ? 'English' : 'Kiswahili'}</span>
              </label>
            ))}
          </div>
          <div className="field-hint">For example {EXAMPLES[values.locale]}</div>
          {form.errors.locale ? <div className="field-error">{form.errors.locale}</div> : null}
        </fieldset>

        {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
        {saved ? <Alert tone="success">SMS settings saved.</Alert> : null}
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** "Send a test SMS": queued (202), then it shows in the message log with its delivery report. */
function TestSms({ settings, logPath }: { settings: SmsSettingsDto; logPath: string }) {
  const [phone, setPhone] = useState('');
  const form = useFormErrors(['phone'] as const);
  const send = useSendTestSms();
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.reset();
    if (!form.check({ phone: !normaliseKenyanMobile(phone) ? 'Enter a Kenyan mobile number such as 0712 345 678.' : undefined })) return focusFirstInvalid(formRef.current);
    send.mutate(phone.trim(), {
      onError: (error) => {
        form.fromServer(error);
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <Card title="Send a test SMS">
      <form ref={formRef} onSubmit={submit} noValidate className="sms-test" aria-label="Send a test SMS">
        <p className="muted small">Sends “Test message from Wavu…” with the saved settings, in the customers’ language. At most 10 an hour.</p>
        {!settings.active ? <Alert tone="warning">{settings.mode === 'off' ? 'SMS is off: choose an account above and save first.' : 'SMS cannot be sent with the saved settings.'}</Alert> : null}
        <div className="sms-test-row">
          <Input
            label="Phone number"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={20}
            value={phone}
            error={form.errors.phone}
            onChange={(e) => {
              setPhone(e.target.value);
              form.clearField('phone');
            }}
          />
          <Button type="submit" variant="secondary" loading={send.isPending} disabled={!settings.active}>
            Send test SMS
          </Button>
        </div>
        {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
        {send.isSuccess ? (
          <Alert tone="success" title={`Test SMS queued to ${send.data.to}`}>
            <Link to={logPath}>Open the message log</Link> to see it sent and delivered.
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}
