/**
 * 254712345678 → 2547•••••678, cut on code points: whatever a caller sent (an emoji "name" or
 * "phone") never leaves half a surrogate pair, which PostgreSQL refuses in jsonb.
 */
function maskPhone(value: string): string {
  const chars = Array.from(value);
  if (chars.length < 7) return '•'.repeat(chars.length);
  return `${chars.slice(0, 4).join('')}${'•'.repeat(chars.length - 7)}${chars.slice(-3).join('')}`;
}

const PHONE_KEY = /phone|msisdn/i;
const NAME_KEY = /^(first|middle|last)name$/i;
const SECRET_KEY = /secret|password|passkey|token|credential|authorization|signature/i;

function maskValue(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (SECRET_KEY.test(key)) return '•••';
  // a phone arrives as a string or a number (Daraja's MSISDN); String() is the intended coercion
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  if (PHONE_KEY.test(key)) return maskPhone(String(value));
  if (NAME_KEY.test(key) && typeof value === 'string') return value ? `${Array.from(value)[0]}•••` : value;
  return mask(value);
}

/**
 * A stored Daraja callback body as the system-health page may show it: phone numbers
 * masked (also inside CallbackMetadata `{ Name: 'PhoneNumber', Value }` items), customer
 * names reduced to an initial, anything secret-like replaced. The input is not changed.
 */
export function mask(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(mask);
  if (body === null || typeof body !== 'object') return body;
  const record = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const itemName = typeof record.Name === 'string' ? record.Name : null;
  for (const [key, value] of Object.entries(record)) {
    out[key] = key === 'Value' && itemName ? maskValue(itemName, value) : maskValue(key, value);
  }
  return out;
}
