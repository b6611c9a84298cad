import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretBox', () => {
  const k1 = key('k1');
  const box = new SecretBox([k1]);

  it('round-trips unicode and numeric-looking secrets, with a fresh IV each time', () => {
    for (const secret of ['0042', 'pässwörd 🔐', '', 'x'.repeat(5000)]) {
      const sealed = box.seal(secret);
      expect(sealed).not.toContain(secret || '\u0000');
      expect(box.open(sealed)).toBe(secret);
    }
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('stores the key id with the ciphertext', () => {
    expect(box.seal('s').split('.').slice(0, 2)).toEqual(['v1', 'k1']);
  });

  it('rejects a tampered ciphertext, tag or iv', () => {
    const sealed = box.seal('router-password');
    const parts = sealed.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index], 'base64url');
      bytes[0] ^= 0x01;
      const tampered = [...parts];
      tampered[index] = bytes.toString('base64url');
      expect(() => box.open(tampered.join('.'))).toThrow(SecretBoxError);
    }
  });

  it('rejects a ciphertext opened with another context', () => {
    const sealed = box.seal('secret', 'router:a:password');
    expect(box.open(sealed, 'router:a:password')).toBe('secret');
    expect(() => box.open(sealed, 'router:b:password')).toThrow(SecretBoxError);
  });

  it('rejects malformed input and unknown key ids', () => {
    expect(() => box.open('plaintext')).toThrow(SecretBoxError);
    expect(() => box.open(box.seal('s').replace('.k1.', '.k9.'))).toThrow(/Unknown secret-box key id/);
  });

  it('rotates: a new first key seals, old keys still open, needsReseal tells which', () => {
    const old = box.seal('legacy');
    const rotated = new SecretBox([key('k2'), k1]);
    expect(rotated.open(old)).toBe('legacy');
    expect(rotated.needsReseal(old)).toBe(true);
    const fresh = rotated.seal('new');
    expect(fresh.split('.')[1]).toBe('k2');
    expect(rotated.needsReseal(fresh)).toBe(false);
    expect(() => box.open(fresh)).toThrow(SecretBoxError);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => new SecretBox([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => new SecretBox([])).toThrow();
  });
  it('seals bytes: any byte survives, the context is bound, the plaintext is not in the output, a flipped bit fails', () => {
    const plain = Buffer.concat([Buffer.from('/system identity set name=Roof-7'), Buffer.from([0, 0xff, 0x80, 0x0a])]);
    const sealed = box.sealBytes(plain, 'router-backup:a');
    expect(box.openBytes(sealed, 'router-backup:a').equals(plain)).toBe(true);
    expect(sealed.includes(Buffer.from('Roof-7'))).toBe(false);
    expect(() => box.openBytes(sealed, 'router-backup:b')).toThrow(SecretBoxError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.openBytes(tampered, 'router-backup:a')).toThrow(/failed authentication/);
    expect(() => box.openBytes(Buffer.from('plain'))).toThrow(/Not sealed bytes/);
    const rotated = new SecretBox([key('k2'), k1]);
    expect(rotated.openBytes(sealed, 'router-backup:a').equals(plain)).toBe(true);
  });
});
