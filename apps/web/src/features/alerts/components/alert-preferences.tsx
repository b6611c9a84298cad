import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { ApiError } from '@/lib/api-error';
import type { AlertCategory, AlertLanguage, AlertPreferencesDto } from '@/lib/api/types';
import { formatPhone } from '@/lib/format';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { alertQueries } from '../api/alert-queries';
import { useUpdateAlertPreferences } from '../api/update-alert-preferences';
import './alerts.css';

type Choices = AlertPreferencesDto['categories'];
type Channel = 'email' | 'sms';

const days = (list: number[]) => {
  const words = list.map((d) => (d === 1 ? '1 day' : `${d} days`));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : (words[0] ?? '');
};

/** What each category is about, in the owner's words (docs/alerts.md "Events"). */
function describe(category: AlertCategory, p: AlertPreferencesDto): { label: string; hint: string } {
  switch (category) {
    case 'router':
      return { label: 'Router offline or back', hint: `A router that has not answered for more than ${p.routerOfflineMinutes} minutes, and again when it is back.` };
    case 'provisioning':
      return { label: 'Router change failed', hint: 'A voucher or plan change a router kept refusing, set aside until you retry it.' };
    case 'payments':
      return { label: 'Payment needs attention', hint: 'Money that did not become a voucher by itself and waits in Needs attention.' };
    case 'subscription':
      return { label: 'Subscription ending', hint: `Your trial or subscription ends in ${days(p.subscriptionDays)}.` };
  }
}

const FIELDS = ['phone'] as const;

/**
 * The signed-in person's alert choices (docs/alerts.md "Preferences"): the mobile number SMS
 * go to (saved on the profile through `savePhone`), the language, and per category e-mail
 * and SMS. The route passes the profile's phone and how to save it (the auth feature owns it).
 */
export function AlertPreferences({ phone, savePhone, isOwner }: { phone: string | null; savePhone: (phone: string | null) => Promise<{ phone: string | null }>; isOwner: boolean }) {
  const preferences = useQuery(alertQueries.preferences());
  if (preferences.isPending) return <LoadingState label="Loading your alert settings…" />;
  if (preferences.isError) return <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} />;
  return <AlertPreferencesForm initial={preferences.data} phone={phone} savePhone={savePhone} isOwner={isOwner} />;
}

function AlertPreferencesForm({
  initial,
  phone: savedPhone,
  savePhone,
  isOwner,
}: {
  initial: AlertPreferencesDto;
  phone: string | null;
  savePhone: (phone: string | null) => Promise<{ phone: string | null }>;
  isOwner: boolean;
}) {
  const shown = (value: string | null) => (value ? formatPhone(value.replace(/^\+/, '')) : '');
  const [startPhone, setStartPhone] = useState(shown(savedPhone));
  const [phone, setPhone] = useState(startPhone);
  const [language, setLanguage] = useState<AlertLanguage>(initial.language);
  const [choices, setChoices] = useState<Choices>(initial.categories);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const update = useUpdateAlertPreferences();
  const id = useId();

  const toggle = (category: AlertCategory, channel: Channel, on: boolean) => {
    setDone(false);
    setChoices((prev) => ({ ...prev, [category]: { ...prev[category], [channel]: on } }));
    if (channel === 'sms') form.clearField('phone');
  };
  const wantsSms = initial.available.some((c) => choices[c].sms);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (!form.check({ phone: wantsSms && !phone.trim() ? 'Add your mobile number to get SMS alerts, or untick SMS.' : undefined })) return focusFirstInvalid(formRef.current);
    setSaving(true);
    try {
      if (phone.trim() !== startPhone) {
        // the number as the server keeps it (+254 712 345 678, whatever form was typed)
        const saved = shown((await savePhone(phone.trim() || null)).phone);
        setStartPhone(saved);
        setPhone(saved);
      }
      await update.mutateAsync({ language, categories: choices });
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ALERT_PHONE_REQUIRED') form.check({ phone: 'Add your mobile number to get SMS alerts, or untick SMS.' });
      else form.fromServer(error);
      focusFirstInvalid(formRef.current);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
      <p className="muted small">
        Wavu tells you when something needs you. Many alerts of one kind at once come as one message.{' '}
        {isOwner ? 'Your staff choose their own alerts on their Account page.' : 'Your business owner gets these alerts whatever you choose here.'}
      </p>
      <div className="alert-settings-top">
        <Input
          label="Mobile number for SMS"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          hint="A Kenyan mobile, e.g. 0712 345 678. Leave it empty for no SMS."
          value={phone}
          onChange={(e) => {
            setDone(false);
            setPhone(e.target.value);
            form.clearField('phone');
          }}
          error={form.errors.phone}
        />
        <Select
          label="Language of alerts"
          value={language}
          onChange={(e) => {
            setDone(false);
            setLanguage(e.target.value as AlertLanguage);
          }}
        >
          <option value="en">English</option>
          <option value="sw">Kiswahili</option>
        </Select>
      </div>
      <fieldset className="alert-choices">
        <legend className="field-label">What to tell you, and how</legend>
        {initial.available.map((category) => {
          const { label, hint } = describe(category, initial);
          return (
            <div className="alert-choice" key={category} role="group" aria-labelledby={`${id}-${category}`} aria-describedby={`${id}-${category}-hint`}>
              <div className="alert-choice-text">
                <div id={`${id}-${category}`} className="alert-choice-label">
                  {label}
                </div>
                <div id={`${id}-${category}-hint`} className="field-hint">
                  {hint}
                </div>
              </div>
              <div className="alert-choice-channels">
                {(['email', 'sms'] as const).map((channel) => (
                  <label className="alert-check" key={channel}>
                    <input
                      type="checkbox"
                      aria-label={`${label}: ${channel === 'email' ? 'E-mail' : 'SMS'}`}
                      checked={choices[category][channel]}
                      onChange={(e) => toggle(category, channel, e.target.checked)}
                    />
                    <span aria-hidden="true">{channel === 'email' ? 'E-mail' : 'SMS'}</span>
                  </label>
                ))}
              </div>
            </div>
          );
        })}
      </fieldset>
      {/* beside the button: on a phone the top of this long form is out of sight when it is pressed */}
      {done ? <Alert tone="success">Alert settings saved.</Alert> : null}
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" loading={saving}>
          Save alert settings
        </Button>
      </div>
    </form>
  );
}
