import { randomBytes } from 'crypto';
import { eatTimestamp } from './time';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** Generates the identifiers Daraja hands out, in their real formats; receipts are unique per simulator. */
export class IdFactory {
  private readonly receipts = new Set<string>();
  private readonly checkouts = new Set<string>();
  private seq = 0;

  /** 28 alphanumerics, like real access tokens. */
  accessToken(): string {
    return pick(ALNUM, 28);
  }

  /** 10 uppercase alphanumerics starting with a letter (e.g. `NLJ7RT61SV`); never repeats. */
  receipt(): string {
    for (;;) {
      const r = pick(LETTERS, 1) + pick(UPPER_ALNUM, 9);
      if (!this.receipts.has(r)) {
        this.receipts.add(r);
        return r;
      }
    }
  }

  /** Marks a receipt as used (e.g. a TransID supplied by a test). */
  claimReceipt(receipt: string): boolean {
    if (this.receipts.has(receipt)) return false;
    this.receipts.add(receipt);
    return true;
  }

  /** Newer format: `2654-4b64-97ff-b827b542881d3130`. */
  merchantRequestId(): string {
    return `${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}${String(++this.seq % 10000).padStart(4, '0')}`;
  }

  /** `ws_CO_` + DDMMYYYYHHmmss + milliseconds + 9-digit MSISDN (e.g. `ws_CO_16122022001707470708374149`); unique. */
  checkoutRequestId(phone: string, now = Date.now()): string {
    for (let t = now; ; t++) {
      const ts = eatTimestamp(t); // YYYYMMDDHHmmss
      const id = `ws_CO_${ts.slice(6, 8)}${ts.slice(4, 6)}${ts.slice(0, 4)}${ts.slice(8)}${String(t % 1000).padStart(3, '0')}${phone.slice(-9)}`;
      if (!this.checkouts.has(id)) {
        this.checkouts.add(id);
        return id;
      }
    }
  }

  /** `6e86-45dd-91ac-fd5d4178ab523408729` (C2B OriginatorCoversationID). */
  conversationId(): string {
    return `${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}${pick('0123456789', 7)}`;
  }

  /** `5031-1921185-1` style request ids on error bodies. */
  requestId(): string {
    return `${pick('0123456789', 4)}-${pick('0123456789', 7)}-1`;
  }
}
