import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Select, Textarea } from '@/components/ui/field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatCount, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import { useCollect, useHandOver, useTakeBack } from '../api/reseller-mutations';
import { resellerQueries } from '../api/reseller-queries';
import type { HandoverBody, ResellerCardRefusal, ResellerCardsResult, ResellerCollectionMethod, ResellerDto, ReturnBody } from '../api/types';

const MAX = 10_000;

const REFUSALS: Record<ResellerCardRefusal, string> = {
  not_available: 'not available (sold, in use, expired, disabled or refunded)',
  sale_recorded: 'its sale is already recorded',
  reserved_for_mpesa: 'reserved for an M-Pesa purchase in progress',
  expired_unsold: 'expired without being sold',
  with_this_reseller: 'already with this reseller',
  with_another_reseller: 'with another reseller',
  not_with_this_reseller: 'not with this reseller',
};

/** Codes one per line, or separated by commas, semicolons or tabs; a QR link stays whole. */
function splitCodes(text: string): string[] {
  return text
    .split(/[\n,;\t]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "2026-12-06T14:30" (the browser's local time) → ISO; empty = now. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Name cards by batch and range, or by typed/scanned codes (as a cash sale does). */
function useCardNaming() {
  const [mode, setMode] = useState<'batch' | 'codes'>('batch');
  const [batchId, setBatchId] = useState('');
  const [fromSeq, setFromSeq] = useState('');
  const [toSeq, setToSeq] = useState('');
  const [codes, setCodes] = useState('');
  const batches = useQuery(resellerQueries.batches());
  const lines = splitCodes(codes);
  const chosen = batches.data?.find((b) => b.id === batchId);
  /** The body's card fields, or an error to show. */
  const cards = (): { body: ReturnBody } | { error: string } => {
    if (mode === 'codes') {
      if (lines.length === 0) return { error: 'Type, paste or scan at least one code.' };
      if (lines.length > MAX) return { error: `At most ${formatCount(MAX)} codes at a time.` };
      return { body: { codes: lines } };
    }
    if (!batchId) return { error: 'Choose a batch.' };
    return { body: { batchId, ...(fromSeq ? { fromSeq: Number(fromSeq) } : {}), ...(toSeq ? { toSeq: Number(toSeq) } : {}) } };
  };
  const fields = (fieldErrors: Record<string, string>) => (
    <>
      <p className="rsl-label">Which cards</p>
      <div className="segmented rsl-naming" role="group" aria-label="Name the cards by">
        <button type="button" className="segmented-item" aria-pressed={mode === 'batch'} onClick={() => setMode('batch')}>
          Batch and range
        </button>
        <button type="button" className="segmented-item" aria-pressed={mode === 'codes'} onClick={() => setMode('codes')}>
          Codes
        </button>
      </div>
      {mode === 'codes' ? (
        <Textarea
          label="Card codes"
          rows={5}
          value={codes}
          onChange={(e) => setCodes(e.target.value)}
          placeholder={'One code per line, e.g.\nKS4X9M2P'}
          hint={`Type, paste or scan the cards' QR codes. ${lines.length ? `${formatCount(lines.length)} entered.` : ''}`}
          error={fieldErrors.codes ?? fieldErrors.voucherIds}
          spellCheck={false}
          autoCapitalize="characters"
        />
      ) : (
        <div className="rsl-cards-grid">
          <Select label="Batch" value={batchId} onChange={(e) => setBatchId(e.target.value)} error={fieldErrors.batchId}>
            <option value="">Choose a batch</option>
            {(batches.data ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.label ?? b.planName} · {b.quantity} cards · {formatDateTime(b.createdAt)}
              </option>
            ))}
          </Select>
          <Input
            label="From card"
            type="number"
            min={1}
            max={MAX}
            inputMode="numeric"
            value={fromSeq}
            onChange={(e) => setFromSeq(e.target.value)}
            hint="Optional: the first"
            error={fieldErrors.fromSeq}
          />
          <Input
            label="To card"
            type="number"
            min={1}
            max={MAX}
            inputMode="numeric"
            value={toSeq}
            onChange={(e) => setToSeq(e.target.value)}
            hint={chosen ? `Optional: the last (${chosen.quantity})` : 'Optional: the last'}
            error={fieldErrors.toSeq}
          />
        </div>
      )}
    </>
  );
  return { cards, fields, reset: () => setCodes('') };
}

/** What a handover or a return did, in words. */
function CardsOutcome({ result, verb }: { result: ResellerCardsResult; verb: string }) {
  return (
    <Alert
      tone={result.moved === 0 || result.refusedCount ? 'warning' : 'success'}
      title={`${verb} ${formatCount(result.moved)} card${result.moved === 1 ? '' : 's'}: ${formatMoney(result.valueMinor, result.currency)}`}
    >
      <p data-testid="reseller-cards-summary">
        {formatCount(result.named)} named · {formatCount(result.moved)} {verb.toLowerCase()} · {formatCount(result.refusedCount)} refused
      </p>
      {result.refusedCount ? (
        <ul className="type-list">
          {result.refused.slice(0, 20).map((v) => (
            <li key={v.id}>
              <span className="mono">{v.code}</span>
              {v.batchSeq ? <span className="muted"> (card {v.batchSeq})</span> : null}: {REFUSALS[v.reason]}
            </li>
          ))}
          {result.refusedCount > 20 ? <li className="muted">and {formatCount(result.refusedCount - 20)} more</li> : null}
        </ul>
      ) : null}
    </Alert>
  );
}

/** "Hand over cards": a batch range or codes, at a price per card or a discount off each card's price. */
export function HandoverForm({ reseller }: { reseller: ResellerDto }) {
  const naming = useCardNaming();
  const [pricing, setPricing] = useState<'discount' | 'price'>('discount');
  const [discount, setDiscount] = useState('');
  const [price, setPrice] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const handOver = useHandOver(reseller.id);
  const fieldErrors = handOver.error instanceof ApiError ? handOver.error.fieldErrors() : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    const named = naming.cards();
    if ('error' in named) return setClientError(named.error);
    const amount = pricing === 'discount' ? discount : price;
    if (amount.trim() === '' || !Number.isFinite(Number(amount))) return setClientError(pricing === 'discount' ? 'Give the discount in percent (0–100).' : 'Give the price per card.');
    const body: HandoverBody = { ...named.body, ...(pricing === 'discount' ? { discountPercent: Number(discount) } : { unitPriceMinor: Math.round(Number(price) * 100) }) };
    handOver.mutate(body, { onSuccess: naming.reset });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Hand over cards">
      {naming.fields(fieldErrors)}
      <div className="rsl-price-grid">
        <Select label="Reseller price" value={pricing} onChange={(e) => setPricing(e.target.value as 'discount' | 'price')}>
          <option value="discount">Discount off each card&apos;s price</option>
          <option value="price">One price per card</option>
        </Select>
        {pricing === 'discount' ? (
          <Input
            label="Discount (%)"
            type="number"
            min={0}
            max={100}
            inputMode="numeric"
            value={discount}
            onChange={(e) => setDiscount(e.target.value)}
            hint="Rounded to whole shillings"
            error={fieldErrors.discountPercent}
          />
        ) : (
          <Input
            label={`Price per card (${reseller.currency})`}
            type="number"
            min={0}
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            error={fieldErrors.unitPriceMinor}
          />
        )}
      </div>
      {clientError ? <Alert tone="danger">{clientError}</Alert> : null}
      {handOver.isError && Object.keys(fieldErrors).length === 0 ? <Alert tone="danger">{errorMessage(handOver.error)}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" loading={handOver.isPending}>
          Hand over these cards
        </Button>
      </div>
      {handOver.data ? <CardsOutcome result={handOver.data} verb="Handed over" /> : null}
    </form>
  );
}

/** "Return cards": unsold cards the reseller gives back. */
export function ReturnForm({ reseller }: { reseller: ResellerDto }) {
  const naming = useCardNaming();
  const [clientError, setClientError] = useState<string | null>(null);
  const takeBack = useTakeBack(reseller.id);
  const fieldErrors = takeBack.error instanceof ApiError ? takeBack.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    const named = naming.cards();
    if ('error' in named) return setClientError(named.error);
    takeBack.mutate(named.body, { onSuccess: naming.reset });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Return cards">
      <p className="muted small">Only unsold cards this reseller holds come back; sold cards stay owed.</p>
      {naming.fields(fieldErrors)}
      {clientError ? <Alert tone="danger">{clientError}</Alert> : null}
      {takeBack.isError && Object.keys(fieldErrors).length === 0 ? <Alert tone="danger">{errorMessage(takeBack.error)}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" loading={takeBack.isPending}>
          Take cards back
        </Button>
      </div>
      {takeBack.data ? <CardsOutcome result={takeBack.data} verb="Took back" /> : null}
    </form>
  );
}

/** "Record cash received": money the reseller brought (cash or M-Pesa). */
export function CollectionForm({ reseller }: { reseller: ResellerDto }) {
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<ResellerCollectionMethod>('cash');
  const [reference, setReference] = useState('');
  const [receivedAt, setReceivedAt] = useState('');
  const [note, setNote] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const collect = useCollect(reseller.id);
  const fieldErrors = collect.error instanceof ApiError ? collect.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    const minor = Math.round(Number(amount) * 100);
    if (!amount.trim() || !Number.isFinite(minor) || minor <= 0) return setClientError('Give the amount received.');
    const at = isoOf(receivedAt);
    collect.mutate(
      { amountMinor: minor, method, ...(reference.trim() ? { reference: reference.trim() } : {}), ...(at ? { receivedAt: at } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setAmount('');
          setReference('');
          setNote('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record cash received">
      <div className="rsl-price-grid">
        <Input label={`Amount (${reseller.currency})`} type="number" min={1} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={fieldErrors.amountMinor} />
        <Select label="Paid by" value={method} onChange={(e) => setMethod(e.target.value as ResellerCollectionMethod)} error={fieldErrors.method}>
          <option value="cash">Cash</option>
          <option value="mpesa">M-Pesa</option>
        </Select>
        <Input label="Reference" value={reference} maxLength={40} onChange={(e) => setReference(e.target.value)} hint="Optional: M-Pesa receipt or slip number" error={fieldErrors.reference} />
        <Input label="Received at" type="datetime-local" value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} hint="Optional: default now" error={fieldErrors.receivedAt} />
      </div>
      <Input label="Note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} hint="Optional" error={fieldErrors.note} />
      {clientError ? <Alert tone="danger">{clientError}</Alert> : null}
      {collect.isError && Object.keys(fieldErrors).length === 0 ? <Alert tone="danger">{errorMessage(collect.error)}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" loading={collect.isPending}>
          Save money received
        </Button>
      </div>
      {collect.data ? (
        <Alert tone="success" title={`Recorded ${formatMoney(collect.data.amountMinor, collect.data.currency)} received`}>
          The balance below is updated.
        </Alert>
      ) : null}
    </form>
  );
}
