import { generateWireGuardKeyPair, isWireGuardKey, wireGuardPublicKey } from './tunnel-keys';

describe('WireGuard keys', () => {
  it('makes Curve25519 key pairs in WireGuard base64 (44 characters, 32 bytes)', () => {
    const pair = generateWireGuardKeyPair();
    for (const key of [pair.privateKey, pair.publicKey]) {
      expect(key).toHaveLength(44);
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      expect(isWireGuardKey(key)).toBe(true);
    }
    expect(wireGuardPublicKey(pair.privateKey)).toBe(pair.publicKey);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateWireGuardKeyPair().privateKey));
    expect(keys.size).toBe(200);
  });

  it('derives the public key of RFC 7748 §6.1 test vectors (Alice and Bob)', () => {
    const hex64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
    expect(wireGuardPublicKey(hex64('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'))).toBe(hex64('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'));
    expect(wireGuardPublicKey(hex64('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))).toBe(hex64('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'));
  });

  it('refuses what is not a 32-byte base64 key', () => {
    for (const bad of ['', 'abc', 'A'.repeat(44), `${'A'.repeat(43)}=`.replace(/A=$/, 'B='), `${'A'.repeat(42)}A==`, `${'A'.repeat(42)}-A=`, 42, null]) {
      expect(isWireGuardKey(bad)).toBe(false);
    }
    expect(() => wireGuardPublicKey('not-a-key')).toThrow();
  });
});
