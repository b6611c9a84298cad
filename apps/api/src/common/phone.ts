/**
 * Kenyan mobile numbers (M-Pesa MSISDNs) in the forms people type — 0712 345 678,
 * 0112345678, +254712345678, 254712345678, 712345678 — normalised to 2547XXXXXXXX /
 * 2541XXXXXXXX. Anything else is null (the caller answers 400).
 */
export function normaliseMsisdn(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  const match = /^(?:\+?254|0)?([17]\d{8})$/.exec(compact);
  return match ? `254${match[1]}` : null;
}

/** 254712345678 → 2547•••••678, for logs and lists. */
export function maskMsisdn(msisdn: string): string {
  if (msisdn.length < 7) return '•'.repeat(msisdn.length);
  return `${msisdn.slice(0, 4)}${'•'.repeat(msisdn.length - 7)}${msisdn.slice(-3)}`;
}
