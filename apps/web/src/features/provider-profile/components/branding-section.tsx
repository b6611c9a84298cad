import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type CSSProperties, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { Field, Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import type { BrandingDto, UpdateBrandingBody } from '@/lib/api/types';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { providerQueries } from '@/lib/provider-queries';
import { useUpdateBranding } from '../api/update-branding';
import { LOGO_MAX_BYTES, prepareLogo, type PreparedLogo } from '../utils/logo';
import './branding.css';

/** The portal's default accent (apps/web/src/portal/portal.css, voucher-print DEFAULT_ACCENT). */
const DEFAULT_ACCENT = '#0B6E4F';
const FIELDS = ['brandName', 'logoDataUrl', 'accentColor'] as const;

interface Values {
  brandName: string;
  logoDataUrl: string | null;
  accentColor: string | null;
}

const fromDto = (b: BrandingDto): Values => ({ brandName: b.brandName ?? '', logoDataUrl: b.logoDataUrl, accentColor: b.accentColor });

/** Owner-only: brand name, logo and accent colour for the captive portal and printed vouchers, with a live preview. */
export function BrandingSection({ businessName }: { businessName: string }) {
  const query = useQuery(providerQueries.branding());
  // lives here: a save writes the new branding into the cache, which re-mounts the form with it
  const [saved, setSaved] = useState(false);
  if (query.isPending) return <LoadingState label="Loading your branding…" />;
  if (query.isError) return <ErrorState title="Could not load your branding" error={query.error} onRetry={() => void query.refetch()} />;
  return <BrandingForm key={JSON.stringify(query.data)} branding={query.data} businessName={businessName} saved={saved} setSaved={setSaved} />;
}

function BrandingForm({ branding, businessName, saved, setSaved }: { branding: BrandingDto; businessName: string; saved: boolean; setSaved: (saved: boolean) => void }) {
  const start = fromDto(branding);
  const [values, setValues] = useState<Values>(start);
  const [logoInfo, setLogoInfo] = useState<PreparedLogo | null>(null);
  const [processing, setProcessing] = useState(false);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const update = useUpdateBranding();

  const set = (patch: Partial<Values>) => {
    setValues((prev) => ({ ...prev, ...patch }));
    if (saved) setSaved(false);
    for (const key of Object.keys(patch) as (keyof Values)[]) form.clearField(key);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setProcessing(true);
    try {
      const prepared = await prepareLogo(file);
      setLogoInfo(prepared);
      set({ logoDataUrl: prepared.dataUrl });
    } catch (error) {
      form.check({ logoDataUrl: error instanceof Error ? error.message : 'Could not read this image.' });
    } finally {
      setProcessing(false);
    }
  };

  const removeLogo = () => {
    set({ logoDataUrl: null });
    setLogoInfo(null);
    if (fileRef.current) fileRef.current.value = '';
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = values.brandName.trim();
    const ok = form.check({ brandName: name.length > 60 ? 'Keep the brand name to 60 characters or fewer.' : undefined });
    if (!ok) return focusFirstInvalid(formRef.current);
    const body: UpdateBrandingBody = {};
    if (name !== start.brandName) body.brandName = name === '' ? null : name;
    if (values.logoDataUrl !== start.logoDataUrl) body.logoDataUrl = values.logoDataUrl;
    if (values.accentColor !== start.accentColor) body.accentColor = values.accentColor;
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    update.mutate(body, {
      onSuccess: () => setSaved(true),
      onError: (error) => {
        form.fromServer(error);
        focusFirstInvalid(formRef.current);
      },
    });
  };

  const accent = values.accentColor ?? DEFAULT_ACCENT;
  const shownName = values.brandName.trim() || businessName;
  const logoIsPrintable = values.logoDataUrl ? /^data:image\/(png|jpeg);/.test(values.logoDataUrl) : true;

  return (
    <Card title="Branding" aria-label="Branding" id="branding">
      <p className="muted">Your name, logo and colour on the WiFi login portal and on printed vouchers.</p>
      <form ref={formRef} onSubmit={submit} noValidate className="form branding-form">
        {saved ? <Alert tone="success">Branding saved.</Alert> : null}
        {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
        <Input
          label="Brand name"
          name="brandName"
          value={values.brandName}
          maxLength={80}
          placeholder={businessName}
          hint={`Optional — leave empty to use your business name (${businessName}).`}
          error={form.errors.brandName}
          onChange={(e) => set({ brandName: e.target.value })}
        />
        <Field
          label="Logo"
          error={form.errors.logoDataUrl}
          hint={`PNG, JPEG, WebP or GIF. Larger images are resized in your browser to fit ${LOGO_MAX_BYTES / 1024} KB. Printed vouchers show PNG and JPEG logos (WebP/GIF print the name only).`}
        >
          {(control) => <input ref={fileRef} type="file" className="input" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => void onFile(e)} {...control} />}
        </Field>
        {processing ? <p className="muted">Preparing the logo…</p> : null}
        {values.logoDataUrl ? (
          <div className="branding-logo-row">
            <img src={values.logoDataUrl} alt="Logo preview" className="branding-logo-preview" />
            <div>
              {logoInfo ? (
                <p className="muted" data-testid="logo-size">
                  {logoInfo.resized ? `Resized to ${logoInfo.resized.width}×${logoInfo.resized.height} ${logoInfo.resized.type === 'image/png' ? 'PNG' : 'JPEG'}, ` : ''}
                  {(logoInfo.bytes / 1024).toFixed(1)} KB
                </p>
              ) : null}
              {!logoIsPrintable ? <p className="muted">This logo type is not printed on vouchers.</p> : null}
              <Button variant="secondary" size="sm" onClick={removeLogo}>
                Remove logo
              </Button>
            </div>
          </div>
        ) : start.logoDataUrl ? (
          <p className="muted">The logo will be removed when you save.</p>
        ) : null}
        <Field label="Accent colour" error={form.errors.accentColor} hint={values.accentColor ? undefined : `Default colour (${DEFAULT_ACCENT}).`}>
          {(control) => (
            <div className="branding-colour-row">
              <input type="color" className="branding-colour" value={accent.toLowerCase()} onChange={(e) => set({ accentColor: e.target.value.toUpperCase() })} {...control} />
              <code>{accent}</code>
              {values.accentColor ? (
                <Button variant="ghost" size="sm" onClick={() => set({ accentColor: null })}>
                  Use default colour
                </Button>
              ) : null}
            </div>
          )}
        </Field>

        <BrandingPreview name={shownName} logo={values.logoDataUrl} accent={accent} printLogo={logoIsPrintable} />

        <div className="form-actions">
          <Button type="submit" loading={update.isPending} disabled={processing}>
            Save branding
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** What customers see: a portal plan card and a printed voucher card, in the chosen colours. */
function BrandingPreview({ name, logo, accent, printLogo }: { name: string; logo: string | null; accent: string; printLogo: boolean }) {
  const style = { '--brand-accent': accent } as CSSProperties;
  return (
    <div className="branding-preview" style={style}>
      <section aria-label="Portal preview" className="branding-portal">
        <div className="branding-portal-top">
          {logo ? <img src={logo} alt="" className="branding-portal-logo" /> : null}
          <span className="branding-portal-name">{name}</span>
        </div>
        <div className="branding-portal-heading">Choose a package</div>
        <div className="branding-plan" data-testid="preview-plan">
          <span className="branding-plan-name">1 hour</span>
          <span className="branding-plan-price">KES 20</span>
          <span className="branding-plan-meta">1 hour · valid 1 day</span>
        </div>
        <div className="branding-pay" data-testid="preview-pay">
          Pay KES 20 with M-Pesa
        </div>
      </section>
      <section aria-label="Voucher card preview" className="branding-voucher" data-testid="preview-voucher">
        <div className="branding-voucher-head">
          {logo && printLogo ? <img src={logo} alt="" className="branding-voucher-logo" /> : null}
          <span className="branding-voucher-name">{name}</span>
        </div>
        <div>1 day · KES 50</div>
        <div className="branding-voucher-label">VOUCHER CODE</div>
        <div className="branding-voucher-code">KW234567</div>
        <div className="branding-voucher-label">Valid 1 day from first login</div>
      </section>
    </div>
  );
}
