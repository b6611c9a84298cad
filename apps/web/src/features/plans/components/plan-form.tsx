import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { RouterPicker } from '@/components/router-picker/router-picker';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useCreatePlan, useUpdatePlan } from '../api/plan-mutations';
import type { CreatePlanBody, PlanDto, PlanKind, ValidityFrom } from '../api/types';
import { KIND_LABELS } from './format';
import './plans.css';

const FIELDS = [
  'name',
  'price',
  'currency',
  'kind',
  'uptimeLimitSeconds',
  'dataLimitBytes',
  'validitySeconds',
  'validityFrom',
  'activationExpiryDays',
  'downloadRate',
  'uploadRate',
  'burstDownloadRate',
  'burstUploadRate',
  'burstThresholdDownload',
  'burstThresholdUpload',
  'burstTimeSeconds',
  'sharedUsers',
  'idleTimeoutSeconds',
  'portalVisible',
  'sortOrder',
  'routerScope',
  'routerIds',
] as const;
type FieldName = (typeof FIELDS)[number];

const TIME_UNITS = { minutes: 60, hours: 3600, days: 86400 } as const;
type TimeUnit = keyof typeof TIME_UNITS;
const DATA_UNITS = { MB: 1024 ** 2, GB: 1024 ** 3 } as const;
type DataUnit = keyof typeof DATA_UNITS;
const RATE = /^[1-9]\d{0,8}[kM]?$/;

interface Values {
  name: string;
  price: string;
  currency: 'KES' | 'UGX' | 'TZS';
  kind: PlanKind;
  uptime: string;
  uptimeUnit: TimeUnit;
  data: string;
  dataUnit: DataUnit;
  validity: string;
  validityUnit: TimeUnit;
  validityFrom: ValidityFrom;
  activationExpiryDays: string;
  downloadRate: string;
  uploadRate: string;
  burst: boolean;
  burstDownloadRate: string;
  burstUploadRate: string;
  burstThresholdDownload: string;
  burstThresholdUpload: string;
  burstTimeSeconds: string;
  sharedUsers: string;
  idleTimeoutMinutes: string;
  portalVisible: boolean;
  sortOrder: string;
  routerScope: 'all' | 'selected';
  routerIds: string[];
}

function splitTime(seconds: number | null | undefined, fallback: TimeUnit): [string, TimeUnit] {
  if (seconds == null) return ['', fallback];
  for (const unit of ['days', 'hours', 'minutes'] as const) if (seconds % TIME_UNITS[unit] === 0) return [String(seconds / TIME_UNITS[unit]), unit];
  return [String(Math.round(seconds / 60)), 'minutes'];
}

function initial(p?: PlanDto): Values {
  const [uptime, uptimeUnit] = splitTime(p?.uptimeLimitSeconds, 'hours');
  const [validity, validityUnit] = splitTime(p?.validitySeconds, 'days');
  const gb = p?.dataLimitBytes != null && p.dataLimitBytes % DATA_UNITS.GB === 0;
  return {
    name: p?.name ?? '',
    price: p ? String(p.price) : '',
    currency: p?.currency ?? 'KES',
    kind: p?.kind ?? 'time',
    uptime,
    uptimeUnit,
    data: p?.dataLimitBytes != null ? String(p.dataLimitBytes / (gb ? DATA_UNITS.GB : DATA_UNITS.MB)) : '',
    dataUnit: p?.dataLimitBytes != null && !gb ? 'MB' : 'GB',
    validity,
    validityUnit,
    validityFrom: p?.validityFrom ?? 'first_login',
    activationExpiryDays: p ? (p.activationExpiryDays != null ? String(p.activationExpiryDays) : '') : '30',
    downloadRate: p?.downloadRate ?? '',
    uploadRate: p?.uploadRate ?? '',
    burst: Boolean(p?.burstDownloadRate),
    burstDownloadRate: p?.burstDownloadRate ?? '',
    burstUploadRate: p?.burstUploadRate ?? '',
    burstThresholdDownload: p?.burstThresholdDownload ?? '',
    burstThresholdUpload: p?.burstThresholdUpload ?? '',
    burstTimeSeconds: p?.burstTimeSeconds != null ? String(p.burstTimeSeconds) : '',
    sharedUsers: String(p?.sharedUsers ?? 1),
    idleTimeoutMinutes: p?.idleTimeoutSeconds != null ? String(Math.round(p.idleTimeoutSeconds / 60)) : '',
    portalVisible: p?.portalVisible ?? true,
    sortOrder: String(p?.sortOrder ?? 0),
    routerScope: p?.routerScope ?? 'all',
    routerIds: p?.routerIds ?? [],
  };
}

const isInt = (v: string) => /^\d+$/.test(v.trim());
const num = (v: string) => Number(v.trim());
const hasTime = (k: PlanKind) => k === 'time' || k === 'time_and_data';
const hasData = (k: PlanKind) => k === 'data' || k === 'time_and_data';

function Check({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: ReactNode }) {
  return (
    <div>
      <label className="plan-check">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

/** Create or edit a plan with every docs/product.md §4 field; only the limits the kind uses are shown. */
export function PlanForm({ plan, onSaved, onCancel }: { plan?: PlanDto; onSaved: (p: PlanDto) => void; onCancel: () => void }) {
  const [v, setV] = useState<Values>(() => initial(plan));
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreatePlan();
  const update = useUpdatePlan(plan?.id ?? '');
  const saving = create.isPending || update.isPending;

  const set = <K extends keyof Values>(key: K, value: Values[K], field?: FieldName) => {
    setV((prev) => ({ ...prev, [key]: value }));
    if (field) form.clearField(field);
  };
  const text = (key: keyof Values & string, field: FieldName) => ({
    value: v[key] as string,
    error: form.errors[field],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never, field),
  });

  const validate = () => {
    const rate = (s: string, required: boolean) =>
      s.trim() === '' ? (required ? 'Enter a rate such as 5M or 512k.' : undefined) : RATE.test(s.trim()) ? undefined : 'Use a RouterOS rate such as 5M or 512k.';
    const speed = v.downloadRate.trim() !== '' || v.uploadRate.trim() !== '';
    return form.check({
      name: v.name.trim() === '' ? 'Give the plan a name, e.g. "1 hour".' : undefined,
      price: !isInt(v.price) || num(v.price) < 1 ? 'Enter the price in whole shillings (1 or more).' : undefined,
      uptimeLimitSeconds: hasTime(v.kind) && (!isInt(v.uptime) || num(v.uptime) * TIME_UNITS[v.uptimeUnit] < 60) ? 'Enter the online time (at least 1 minute).' : undefined,
      dataLimitBytes: hasData(v.kind) && (!isInt(v.data) || num(v.data) < 1) ? 'Enter the data allowance (1 MB or more).' : undefined,
      validitySeconds: v.validity.trim() !== '' && (!isInt(v.validity) || num(v.validity) < 1) ? 'Enter a whole number, or leave empty.' : undefined,
      activationExpiryDays: v.activationExpiryDays.trim() !== '' && (!isInt(v.activationExpiryDays) || num(v.activationExpiryDays) < 1) ? 'Enter days (1 or more), or leave empty.' : undefined,
      downloadRate: rate(v.downloadRate, speed),
      uploadRate: rate(v.uploadRate, speed),
      burstDownloadRate: v.burst ? rate(v.burstDownloadRate, true) : undefined,
      burstUploadRate: v.burst ? rate(v.burstUploadRate, true) : undefined,
      burstThresholdDownload: v.burst ? rate(v.burstThresholdDownload, false) : undefined,
      burstThresholdUpload: v.burst ? rate(v.burstThresholdUpload, false) : undefined,
      burstTimeSeconds: v.burst && v.burstTimeSeconds.trim() !== '' && !isInt(v.burstTimeSeconds) ? 'Enter seconds, or leave empty for 10.' : undefined,
      sharedUsers: !isInt(v.sharedUsers) || num(v.sharedUsers) < 1 ? 'Enter how many devices may share a voucher (1 or more).' : undefined,
      idleTimeoutSeconds: v.idleTimeoutMinutes.trim() !== '' && !isInt(v.idleTimeoutMinutes) ? 'Enter minutes, or leave empty.' : undefined,
      sortOrder: !isInt(v.sortOrder) ? 'Enter a number (0 comes first).' : undefined,
      routerIds: v.routerScope === 'selected' && v.routerIds.length === 0 ? 'Pick at least one router, or offer the plan on all routers.' : undefined,
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validate()) return focusFirstInvalid(formRef.current);
    const opt = (s: string) => (s.trim() === '' ? null : s.trim());
    const body: CreatePlanBody = {
      name: v.name.trim(),
      price: num(v.price),
      currency: v.currency,
      kind: v.kind,
      uptimeLimitSeconds: hasTime(v.kind) ? num(v.uptime) * TIME_UNITS[v.uptimeUnit] : null,
      dataLimitBytes: hasData(v.kind) ? num(v.data) * DATA_UNITS[v.dataUnit] : null,
      validitySeconds: v.validity.trim() === '' ? null : num(v.validity) * TIME_UNITS[v.validityUnit],
      validityFrom: v.validityFrom,
      activationExpiryDays: v.activationExpiryDays.trim() === '' ? null : num(v.activationExpiryDays),
      downloadRate: opt(v.downloadRate),
      uploadRate: opt(v.uploadRate),
      burstDownloadRate: v.burst ? opt(v.burstDownloadRate) : null,
      burstUploadRate: v.burst ? opt(v.burstUploadRate) : null,
      burstThresholdDownload: v.burst ? opt(v.burstThresholdDownload) : null,
      burstThresholdUpload: v.burst ? opt(v.burstThresholdUpload) : null,
      burstTimeSeconds: v.burst && v.burstTimeSeconds.trim() !== '' ? num(v.burstTimeSeconds) : null,
      sharedUsers: num(v.sharedUsers),
      idleTimeoutSeconds: v.idleTimeoutMinutes.trim() === '' ? null : num(v.idleTimeoutMinutes) * 60,
      portalVisible: v.portalVisible,
      sortOrder: num(v.sortOrder),
      routerScope: v.routerScope,
      routerIds: v.routerScope === 'selected' ? v.routerIds : [],
    };
    const onError = (error: unknown) => {
      form.fromServer(error);
      focusFirstInvalid(formRef.current);
    };
    if (plan) update.mutate(body, { onSuccess: onSaved, onError });
    else create.mutate(body, { onSuccess: onSaved, onError });
  };

  const unitSelect = (label: string, key: 'uptimeUnit' | 'validityUnit') => (
    <div className="field-label-hidden">
      <Select label={label} value={v[key]} onChange={(e) => set(key, e.target.value as TimeUnit)}>
        <option value="minutes">minutes</option>
        <option value="hours">hours</option>
        <option value="days">days</option>
      </Select>
    </div>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <fieldset className="plan-fieldset">
        <legend>Plan</legend>
        <div className="plan-grid">
          <Input label="Plan name" required maxLength={80} {...text('name', 'name')} />
          <div className="plan-with-unit">
            <Input label="Price" inputMode="numeric" required hint="Whole units — M-Pesa takes whole shillings." {...text('price', 'price')} />
            <Select label="Currency" value={v.currency} error={form.errors.currency} onChange={(e) => set('currency', e.target.value as Values['currency'], 'currency')}>
              <option value="KES">KES</option>
              <option value="UGX">UGX</option>
              <option value="TZS">TZS</option>
            </Select>
          </div>
          <Select label="Kind" value={v.kind} error={form.errors.kind} onChange={(e) => set('kind', e.target.value as PlanKind, 'kind')} hint="What the router limits.">
            {(Object.keys(KIND_LABELS) as PlanKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </div>
      </fieldset>

      <fieldset className="plan-fieldset">
        <legend>Limits and validity</legend>
        <div className="plan-grid">
          {hasTime(v.kind) ? (
            <div className="plan-with-unit">
              <Input label="Uptime limit" inputMode="numeric" hint="Online time the router allows." {...text('uptime', 'uptimeLimitSeconds')} />
              {unitSelect('Uptime limit unit', 'uptimeUnit')}
            </div>
          ) : null}
          {hasData(v.kind) ? (
            <div className="plan-with-unit">
              <Input label="Data limit" inputMode="numeric" hint="Upload + download." {...text('data', 'dataLimitBytes')} />
              <div className="field-label-hidden">
                <Select label="Data limit unit" value={v.dataUnit} onChange={(e) => set('dataUnit', e.target.value as DataUnit)}>
                  <option value="MB">MB</option>
                  <option value="GB">GB</option>
                </Select>
              </div>
            </div>
          ) : null}
          <div className="plan-with-unit">
            <Input label="Validity" inputMode="numeric" hint="Optional — wall-clock window; empty = until the limits are used up." {...text('validity', 'validitySeconds')} />
            {unitSelect('Validity unit', 'validityUnit')}
          </div>
          <Select
            label="Validity counts from"
            value={v.validityFrom}
            error={form.errors.validityFrom}
            onChange={(e) => set('validityFrom', e.target.value as ValidityFrom, 'validityFrom')}
            hint="Usage expiry starts at first login; purchase expiry at the sale."
          >
            <option value="first_login">First login (usage expiry)</option>
            <option value="purchase">Purchase (purchase expiry)</option>
          </Select>
          <Input
            label="Activation expiry (days)"
            inputMode="numeric"
            hint="Optional — unsold vouchers expire this many days after generation; empty = never."
            {...text('activationExpiryDays', 'activationExpiryDays')}
          />
        </div>
      </fieldset>

      <fieldset className="plan-fieldset">
        <legend>Speed and devices</legend>
        <div className="plan-grid">
          <Input label="Download rate" hint="Optional — e.g. 5M or 512k; empty = unlimited." {...text('downloadRate', 'downloadRate')} />
          <Input label="Upload rate" hint="Optional — e.g. 2M." {...text('uploadRate', 'uploadRate')} />
        </div>
        <Check label="Burst" checked={v.burst} onChange={(b) => set('burst', b)} hint="Let clients go faster for a short time." />
        {v.burst ? (
          <div className="plan-grid">
            <Input label="Burst download rate" {...text('burstDownloadRate', 'burstDownloadRate')} />
            <Input label="Burst upload rate" {...text('burstUploadRate', 'burstUploadRate')} />
            <Input label="Burst threshold download" hint="Optional — defaults to the download rate." {...text('burstThresholdDownload', 'burstThresholdDownload')} />
            <Input label="Burst threshold upload" hint="Optional — defaults to the upload rate." {...text('burstThresholdUpload', 'burstThresholdUpload')} />
            <Input label="Burst time (seconds)" inputMode="numeric" hint="Optional — 10 when empty." {...text('burstTimeSeconds', 'burstTimeSeconds')} />
          </div>
        ) : null}
        <div className="plan-grid">
          <Input label="Shared users" inputMode="numeric" hint="Devices per voucher." {...text('sharedUsers', 'sharedUsers')} />
          <Input label="Idle timeout (minutes)" inputMode="numeric" hint="Optional — log idle devices out." {...text('idleTimeoutMinutes', 'idleTimeoutSeconds')} />
        </div>
      </fieldset>

      <fieldset className="plan-fieldset">
        <legend>Where it is sold</legend>
        <Check label="Visible on captive portal" checked={v.portalVisible} onChange={(b) => set('portalVisible', b, 'portalVisible')} />
        <Input label="Sort order" inputMode="numeric" hint="Lower numbers are listed first." {...text('sortOrder', 'sortOrder')} />
        <div role="radiogroup" aria-label="Routers offering the plan">
          <label className="plan-check">
            <input type="radio" name="routerScope" checked={v.routerScope === 'all'} onChange={() => set('routerScope', 'all', 'routerIds')} />
            <span>All routers</span>
          </label>
          <label className="plan-check">
            <input type="radio" name="routerScope" checked={v.routerScope === 'selected'} onChange={() => set('routerScope', 'selected', 'routerIds')} />
            <span>Selected routers</span>
          </label>
        </div>
        {v.routerScope === 'selected' ? (
          <RouterPicker
            multiple
            label="Routers offering the plan"
            hint="Search by name, address or location; pick as many as you like."
            value={v.routerIds}
            error={form.errors.routerIds}
            onChange={(ids) => set('routerIds', ids, 'routerIds')}
          />
        ) : null}
      </fieldset>

      <div className="form-actions">
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" loading={saving}>
          {plan ? 'Save plan' : 'Create plan'}
        </Button>
      </div>
    </form>
  );
}
