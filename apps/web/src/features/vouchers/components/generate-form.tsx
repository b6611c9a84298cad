import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select, Textarea } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { RouterPicker } from '@/components/router-picker/router-picker';
import { formatAmount, formatCount } from '@/lib/format';
import { parsePhoneList, type PhoneListProblem } from '@/lib/phones';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import type { CodeAlphabet, VoucherBatchDto } from '../api/types';
import { useCreateBatch } from '../api/voucher-mutations';
import { voucherQueries } from '../api/voucher-queries';
import './vouchers.css';

const FIELDS = ['planId', 'quantity', 'routerId', 'codeLength', 'alphabet', 'prefix', 'separatePassword', 'pushToRouter', 'label', 'phones'] as const;
const PREFIX = /^[2-9A-HJKMNP-Z]{1,6}$/;
/** The API texts at most this many numbers per batch (docs/sms.md §9). */
const MAX_PHONES = 1000;
/** Problems listed under the box before "and n more". */
const SHOWN_PROBLEMS = 5;

function problemText(p: PhoneListProblem): string {
  return `Line ${p.line}: “${p.entry}” ${p.reason === 'repeated' ? 'is already in the list' : 'is not a Kenyan mobile number'}`;
}

/** What the phone box read: how many numbers, and the entries that will not be texted. */
function PhoneSummary({ phones, problems }: { phones: string[]; problems: PhoneListProblem[] }) {
  return (
    <div className="vch-phone-summary" aria-live="polite" data-testid="phone-summary">
      <span>
        {formatCount(phones.length)} number{phones.length === 1 ? '' : 's'} read
        {phones.length > 0 ? `: ${formatCount(phones.length)} voucher${phones.length === 1 ? '' : 's'}, one texted to each` : ''}.
      </span>
      {problems.length > 0 ? (
        <ul className="vch-phone-problems">
          {problems.slice(0, SHOWN_PROBLEMS).map((p) => (
            <li key={`${p.line}-${p.entry}`}>{problemText(p)}</li>
          ))}
          {problems.length > SHOWN_PROBLEMS ? <li>and {formatCount(problems.length - SHOWN_PROBLEMS)} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** Batch generation form (docs/product.md §5); on success the caller shows the batch's progress. */
export function GenerateForm({ onCreated, plansPath }: { onCreated: (batch: VoucherBatchDto) => void; plansPath: string }) {
  const plans = useQuery(voucherQueries.plans());
  const routers = useQuery(voucherQueries.routers());
  const create = useCreateBatch();
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const [planId, setPlanId] = useState('');
  const [quantity, setQuantity] = useState('100');
  const [routerId, setRouterId] = useState('');
  const [codeLength, setCodeLength] = useState('8');
  const [alphabet, setAlphabet] = useState<CodeAlphabet>('mixed');
  const [prefix, setPrefix] = useState('');
  const [separatePassword, setSeparatePassword] = useState(false);
  const [pushToRouter, setPushToRouter] = useState(true);
  const [label, setLabel] = useState('');
  const [phoneText, setPhoneText] = useState('');

  if (plans.isPending) return <LoadingState label="Loading plans…" />;
  if (plans.isError) return <ErrorState title="Could not load your plans" error={plans.error} onRetry={() => void plans.refetch()} />;
  const active = plans.data.filter((p) => p.status === 'active');
  if (active.length === 0)
    return (
      <EmptyState title="No active plans">
        <Link to={plansPath}>Create a plan</Link> first; vouchers are generated for a plan.
      </EmptyState>
    );
  const plan = active.find((p) => p.id === planId);
  // whether any router offers the plan (the picker searches them; this only needs a yes or no)
  const anyRouter = plan && plan.routerScope === 'selected' ? plan.routerIds.length > 0 : (routers.data?.length ?? 0) > 0;
  // with phone numbers, the quantity follows their count (one voucher per number)
  const phoneList = phoneText.trim() ? parsePhoneList(phoneText) : null;
  const texting = phoneList !== null;
  const shownQuantity = phoneList ? String(phoneList.phones.length) : quantity;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = phoneList ? phoneList.phones.length : Number(quantity);
    const len = Number(codeLength);
    const ok = form.check({
      planId: !planId ? 'Choose the plan the vouchers are for.' : undefined,
      quantity: !phoneList && (!/^\d+$/.test(quantity) || q < 1 || q > 10000) ? 'Enter a quantity from 1 to 10,000.' : undefined,
      phones: !phoneList
        ? undefined
        : phoneList.phones.length === 0 && phoneList.problems.length === 0
          ? 'Enter at least one phone number, or empty the box.'
          : phoneList.problems.length > 0
            ? `Fix or remove ${phoneList.problems.length === 1 ? 'the entry' : `the ${formatCount(phoneList.problems.length)} entries`} listed below the box.`
            : phoneList.phones.length > MAX_PHONES
              ? `At most ${formatCount(MAX_PHONES)} numbers per batch; split the list.`
              : undefined,
      codeLength: !/^\d+$/.test(codeLength) || len < 6 || len > 16 ? 'Enter a length from 6 to 16.' : undefined,
      prefix: prefix && !PREFIX.test(prefix) ? 'Up to 6 characters from 2–9 and A–Z without I, L, O.' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    create.mutate(
      {
        planId,
        quantity: q,
        codeLength: len,
        alphabet,
        separatePassword,
        pushToRouter: pushToRouter && anyRouter,
        ...(prefix ? { prefix } : {}),
        ...(routerId ? { routerId } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
        ...(phoneList ? { phones: phoneList.phones } : {}),
      },
      {
        onSuccess: onCreated,
        onError: (error) => {
          form.fromServer(error, { VOUCHER_PLAN_ARCHIVED: 'planId', VOUCHER_PLAN_NOT_ON_ROUTER: 'routerId', PLAN_LIMIT_REACHED: 'quantity', SMS_NOT_AVAILABLE: 'phones' });
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <div className="vch-form-grid">
        <Select label="Plan" value={planId} error={form.errors.planId} onChange={(e) => (setPlanId(e.target.value), setRouterId(''), form.clearField('planId'))}>
          <option value="">Choose a plan</option>
          {active.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — {formatAmount(p.price, p.currency)}
            </option>
          ))}
        </Select>
        <Input
          label="Quantity"
          inputMode="numeric"
          value={shownQuantity}
          readOnly={texting}
          error={form.errors.quantity}
          hint={texting ? 'One voucher per phone number below.' : '1 to 10,000.'}
          onChange={(e) => (setQuantity(e.target.value), form.clearField('quantity'))}
        />
        <RouterPicker
          label="Router"
          value={routerId}
          emptyLabel="Every router offering the plan"
          allowed={plan && plan.routerScope === 'selected' ? plan.routerIds : null}
          error={form.errors.routerId}
          hint="Where the vouchers work."
          onChange={(id) => (setRouterId(id), form.clearField('routerId'))}
        />
        <Input
          label="Code length"
          inputMode="numeric"
          value={codeLength}
          error={form.errors.codeLength}
          hint="6 to 16 characters, prefix not counted."
          onChange={(e) => (setCodeLength(e.target.value), form.clearField('codeLength'))}
        />
        <Select label="Alphabet" value={alphabet} error={form.errors.alphabet} hint="Never 0, O, 1, I or L." onChange={(e) => setAlphabet(e.target.value as CodeAlphabet)}>
          <option value="mixed">Digits and letters</option>
          <option value="digits">Digits only</option>
          <option value="letters">Letters only</option>
        </Select>
        <Input
          label="Prefix"
          value={prefix}
          maxLength={6}
          error={form.errors.prefix}
          hint="Optional — e.g. KW."
          onChange={(e) => (setPrefix(e.target.value.toUpperCase()), form.clearField('prefix'))}
        />
        <Select label="Login" value={separatePassword ? 'separate' : 'same'} onChange={(e) => setSeparatePassword(e.target.value === 'separate')}>
          <option value="same">Username = password (one code)</option>
          <option value="separate">Separate password</option>
        </Select>
        <Input label="Label" value={label} maxLength={80} error={form.errors.label} hint="Optional — e.g. Kiosk stock, March." onChange={(e) => setLabel(e.target.value)} />
      </div>
      <div className={'field' + (form.errors.pushToRouter ? ' field-invalid' : '')}>
        <label className="vch-check">
          <input
            type="checkbox"
            checked={pushToRouter}
            aria-invalid={form.errors.pushToRouter ? true : undefined}
            onChange={(e) => (setPushToRouter(e.target.checked), form.clearField('pushToRouter'))}
          />
          <span>Put the codes on the router now</span>
        </label>
        <div className="field-hint">
          {plan && !anyRouter
            ? 'No router offers this plan yet: the codes will not work until the plan is on a router and you push the batch.'
            : pushToRouter
              ? 'Printed cards work as soon as the router confirms them.'
              : 'Only for codes you will sell online: printed cards do not work until you push the batch.'}
        </div>
        {form.errors.pushToRouter ? <div className="field-error">{form.errors.pushToRouter}</div> : null}
      </div>
      <div className="vch-phones">
        <Textarea
          label="Text each code to a phone"
          name="phones"
          rows={texting ? 6 : 3}
          value={phoneText}
          error={form.errors.phones}
          hint="Optional: Kenyan mobile numbers, one a line or separated by commas. Each gets one voucher and an SMS with its code (SMS must be on under Settings → SMS). The quantity follows the count."
          onChange={(e) => (setPhoneText(e.target.value), form.clearField('phones'), form.clearField('quantity'))}
        />
        {phoneList ? <PhoneSummary phones={phoneList.phones} problems={phoneList.problems} /> : null}
      </div>
      <div className="form-actions">
        <Button type="submit" loading={create.isPending}>
          Generate vouchers
        </Button>
      </div>
    </form>
  );
}
