import { randomInt } from 'node:crypto';

/** Letters and digits only: nothing RouterOS scripts, terminals or copy-paste could mangle. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 24 characters from 57 symbols: about 140 bits. */
export const GENERATED_PASSWORD_LENGTH = 24;

/**
 * The password of the router's `wavu-api` user when the owner does not bring one: drawn from the
 * operating system's CSPRNG (`crypto.randomInt` rejects out-of-range draws, so every symbol is
 * equally likely). It is sealed like any router password and leaves the platform only inside the
 * owner's setup kit, which creates the user with it (docs/getting-started.md).
 */
export function generateRouterApiPassword(length = GENERATED_PASSWORD_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
