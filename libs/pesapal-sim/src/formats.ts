import { randomBytes, randomUUID } from 'crypto';

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

/** `2024-03-18T16:25:45.7793772Z`: UTC with seven fractional digits, as Pesapal writes `expiryDate`/`created_date` of IPNs. */
export function isoWith7Fraction(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}Z`);
}

/** `2024-03-18T18:25:46.75`: East Africa Time without a zone suffix, as in GetTransactionStatus `created_date`. */
export function eatLocal(date: Date): string {
  return new Date(date.getTime() + EAT_OFFSET_MS)
    .toISOString()
    .slice(0, 23)
    .replace(/\.?0+$/, '');
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT-looking bearer token (opaque to clients; the simulator only compares it). */
export function newBearerToken(issuedAt: Date, expiresAt: Date): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ jti: randomUUID(), iat: Math.floor(issuedAt.getTime() / 1000), exp: Math.floor(expiresAt.getTime() / 1000), iss: 'http://pesapal-sim', aud: 'http://pesapal-sim' }),
  );
  return `${header}.${payload}.${base64url(randomBytes(32))}`;
}

export function newGuid(): string {
  return randomUUID();
}

const RECEIPT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** M-Pesa style receipt: 10 characters, upper-case letters and digits. */
export function newMpesaReceipt(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length];
  return out;
}

/** Card style confirmation code: 22 digits. */
export function newCardConfirmation(): string {
  const bytes = randomBytes(22);
  let out = '';
  for (const b of bytes) out += String(b % 10);
  return out;
}

/** `2547****5678`: the masked payment account Pesapal reports for mobile money. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 4)}****${digits.slice(-4)}`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
