import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

/**
 * WireGuard keys: Curve25519 (X25519) key pairs written as WireGuard writes them, the 32 raw
 * bytes in standard base64 (44 characters ending in `=`), as `wg genkey | wg pubkey` prints them.
 */

/** A 32-byte key in WireGuard's base64 form. */
const KEY_RE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export const isWireGuardKey = (value: unknown): value is string => typeof value === 'string' && KEY_RE.test(value) && Buffer.from(value, 'base64').length === 32;

// DER prefixes of an X25519 PKCS#8 private key and SPKI public key; the raw key follows them
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

const rawPrivate = (der: Buffer): string => der.subarray(PKCS8_PREFIX.length).toString('base64');
const rawPublic = (der: Buffer): string => der.subarray(SPKI_PREFIX.length).toString('base64');

export interface WireGuardKeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateWireGuardKeyPair(): WireGuardKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    privateKey: rawPrivate(privateKey.export({ format: 'der', type: 'pkcs8' })),
    publicKey: rawPublic(publicKey.export({ format: 'der', type: 'spki' })),
  };
}

/** The public key of a WireGuard private key (what `wg pubkey` prints). */
export function wireGuardPublicKey(privateKey: string): string {
  if (!isWireGuardKey(privateKey)) throw new Error('not a WireGuard key');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(privateKey, 'base64')]), format: 'der', type: 'pkcs8' });
  return rawPublic(createPublicKey(key).export({ format: 'der', type: 'spki' }));
}
