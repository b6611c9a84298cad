import { BANNED_URL_WORDS, bannedUrlWord } from '@wavu/daraja';
import { newCallbackSecret } from './payment-settings.service';

describe('callback URL secret', () => {
  it('is 256 bits of hex', () => {
    const secrets = new Set(Array.from({ length: 200 }, newCallbackSecret));
    expect(secrets.size).toBe(200);
    for (const s of secrets) expect(s).toMatch(/^[0-9a-f]{64}$/);
  });

  it('can never spell a word Daraja bans in callback URLs (each has a letter outside a–f)', () => {
    for (const word of BANNED_URL_WORDS) expect(word).toMatch(/[^0-9a-f]/);
    for (let i = 0; i < 500; i++) expect(bannedUrlWord(`https://x.test/api/v1/webhooks/daraja/p/${newCallbackSecret()}/c2b/confirmation`)).toBeNull();
  });
});
