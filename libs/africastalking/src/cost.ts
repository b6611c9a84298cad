/**
 * Africa's Talking writes money as text: `"KES 0.8000"` per recipient and `"Total Cost: KES 2.4000"`
 * in the summary; a recipient that was not sent says `"0"`. The decimal text is read digit by digit,
 * never through a float.
 */
export interface AtCost {
  /** ISO 4217 code as sent (`KES`, `UGX`…), or null for the bare `"0"` of an unsent recipient. */
  currency: string | null;
  /** Exact amount in ten-thousandths of the currency unit (the gateway's 4 decimals): `KES 0.8000` → 8000. */
  tenThousandths: number;
  /** Minor units (cents), rounded half up when the text has sub-cent digits: `KES 0.8000` → 80, `KES 0.8050` → 81. */
  minor: number;
  /** False when rounding to minor units dropped sub-cent digits. */
  exact: boolean;
}

const COST = /^(?:([A-Z]{3})\s+)?(\d{1,12})(?:\.(\d{1,4}))?$/;

/** Reads `"KES 0.8000"`, `"KES 12"`, `"0"`; anything else (negative, exponent, 5+ decimals, junk) → null. */
export function parseAtCost(value: unknown): AtCost | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = COST.exec(value.trim());
  if (!m) return null;
  const currency = m[1] ?? null;
  const whole = Number(m[2]);
  const fraction = Number((m[3] ?? '').padEnd(4, '0'));
  if (currency === null && (whole !== 0 || fraction !== 0)) return null;
  const tenThousandths = whole * 10_000 + fraction;
  return { currency, tenThousandths, minor: tenThousandthsToMinor(tenThousandths), exact: tenThousandths % 100 === 0 };
}

/** Ten-thousandths to minor units (cents), rounding half up: 8000 → 80, 8050 → 81, 8049 → 80. */
export function tenThousandthsToMinor(tenThousandths: number): number {
  const rest = tenThousandths % 100;
  return (tenThousandths - rest) / 100 + (rest >= 50 ? 1 : 0);
}

/** The total from a summary such as `"Sent to 2/3 Total Cost: KES 1.6000"`, or null when absent. */
export function parseSummaryCost(message: unknown): AtCost | null {
  if (typeof message !== 'string') return null;
  const m = /Total Cost:\s*([A-Z]{3}\s+\d{1,12}(?:\.\d{1,4})?|0)\s*$/.exec(message.slice(0, 200));
  return m ? parseAtCost(m[1]) : null;
}

/** Formats ten-thousandths as the gateway does: (`KES`, 8000) → `"KES 0.8000"`. */
export function formatAtCost(currency: string, tenThousandths: number): string {
  const whole = Math.floor(tenThousandths / 10_000);
  const fraction = String(tenThousandths % 10_000).padStart(4, '0');
  return `${currency} ${whole}.${fraction}`;
}
