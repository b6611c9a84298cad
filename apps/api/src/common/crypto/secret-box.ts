import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretBoxKey {
  id: string;
  key: Buffer;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BYTES_VERSION = 1;

/**
 * Encrypts secrets at rest (router passwords, Daraja and Pesapal secrets) with AES-256-GCM.
 *
 * Sealed format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The first key seals;
 * every configured key opens, so keys rotate by putting a new key first and re-sealing
 * (`needsReseal`) at leisure. An optional context (e.g. `router:<id>:password`) is bound as
 * additional authenticated data, so a ciphertext copied to another row does not open.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly current: SecretBoxKey;

  constructor(keys: SecretBoxKey[]) {
    if (keys.length === 0) throw new SecretBoxError('SecretBox needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new SecretBoxError(`SecretBox key "${id}" must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new SecretBoxError(`SecretBox key id "${id}" has invalid characters`);
    }
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[0];
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.current.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string, context = ''): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('Not a sealed secret');
    const [, keyId, ivPart, tagPart, dataPart] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`Unknown secret-box key id "${keyId}"`);
    const iv = Buffer.from(ivPart, 'base64url');
    const tag = Buffer.from(tagPart, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('Malformed sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(dataPart, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('Sealed secret failed authentication (tampered, wrong key or wrong context)');
    }
  }

  /**
   * Bytes at rest (router backups): the same AES-256-GCM and context binding as `seal`, in a
   * binary layout: `0x01 | keyId length | keyId | iv | tag | ciphertext`.
   */
  sealBytes(plaintext: Buffer, context = ''): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const keyId = Buffer.from(this.current.id, 'utf8');
    return Buffer.concat([Buffer.from([BYTES_VERSION, keyId.length]), keyId, iv, cipher.getAuthTag(), ciphertext]);
  }

  openBytes(sealed: Buffer, context = ''): Buffer {
    if (sealed.length < 2 || sealed[0] !== BYTES_VERSION) throw new SecretBoxError('Not sealed bytes');
    const idEnd = 2 + sealed[1];
    if (sealed.length < idEnd + IV_BYTES + TAG_BYTES) throw new SecretBoxError('Malformed sealed bytes');
    const keyId = sealed.subarray(2, idEnd).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`Unknown secret-box key id "${keyId}"`);
    const iv = sealed.subarray(idEnd, idEnd + IV_BYTES);
    const tag = sealed.subarray(idEnd + IV_BYTES, idEnd + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(idEnd + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SecretBoxError('Sealed bytes failed authentication (tampered, wrong key or wrong context)');
    }
  }

  /** True when the secret was sealed with an older key and should be re-sealed. */
  needsReseal(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}
