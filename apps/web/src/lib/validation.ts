/** Client-side checks run before a form is sent (the server validates again). */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Kenyan mobile numbers: 07xx/01xx…, 2547…/2541…, +2547…/+2541… (spaces and dashes allowed). */
const KE_PHONE = /^(?:\+?254|0)[17]\d{8}$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export function isKenyanPhone(value: string): boolean {
  return KE_PHONE.test(value.replace(/[\s-]/g, ''));
}

export const MIN_PASSWORD = 10;
