import type { SimRouter } from '@wavu/routeros-sim';
import { RouterOsSimulator } from '@wavu/routeros-sim';
import { RouterOsError } from '../src';
import { clientFor, startRouter } from './helpers';

/** Logins the simulated router saw, from its own log (what a router would record). */
const logins = (router: SimRouter): number => router.state.log.entries().filter((e) => /logged in|login failure/.test(e.message)).length;

describe('RouterConnection over api-ssl (TLS) with a pinned certificate', () => {
  const sim = new RouterOsSimulator();
  let router: SimRouter;

  beforeAll(async () => {
    router = await startRouter(sim, { apiSsl: true, identity: 'tls-router' });
  });
  afterAll(() => sim.stop());

  const tlsClient = (options: Parameters<typeof clientFor>[1] = {}) => clientFor(router, { port: router.sslAddress!.port, tls: { rejectUnauthorized: false }, commandTimeoutMs: 2_000, ...options });

  it('serves the API over TLS and reports the certificate it was given on first use', async () => {
    const seen: string[] = [];
    const client = tlsClient({ onCertificate: (fp) => seen.push(fp) });
    try {
      expect(await client.system.identity()).toBe('tls-router');
      expect(router.certificateFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(seen).toEqual([router.certificateFingerprint]);
      expect(client.connection.tlsFingerprint).toBe(router.certificateFingerprint);
    } finally {
      await client.close();
    }
  });

  it('logs in when the pinned fingerprint matches (case does not matter)', async () => {
    const client = tlsClient({ tlsFingerprint: router.certificateFingerprint!.toLowerCase() });
    try {
      expect(await client.system.identity()).toBe('tls-router');
    } finally {
      await client.close();
    }
  });

  it('refuses a changed certificate with CERTIFICATE_CHANGED before sending the password, and keeps refusing', async () => {
    const pinned = router.certificateFingerprint!;
    const rotated = await router.rotateCertificate();
    expect(rotated).not.toBe(pinned);
    const before = logins(router);
    const seen: string[] = [];
    const client = tlsClient({ tlsFingerprint: pinned, onCertificate: (fp) => seen.push(fp), backoff: { initialMs: 5_000, maxMs: 5_000 } });
    try {
      const first = await client.system.identity().then(
        () => null,
        (e: unknown) => e,
      );
      expect(first).toBeInstanceOf(RouterOsError);
      expect((first as RouterOsError).code).toBe('CERTIFICATE_CHANGED');
      expect((first as RouterOsError).details.fingerprint).toBe(rotated);
      // while backing off, the same code (not a vague "unreachable")
      const again = await client.system.identity().then(
        () => null,
        (e: unknown) => e,
      );
      expect((again as RouterOsError).code).toBe('CERTIFICATE_CHANGED');
      expect(logins(router)).toBe(before); // no login reached the router: the password was never sent
      expect(seen).toEqual([]);
    } finally {
      await client.close();
    }
    const accepted = tlsClient({ tlsFingerprint: rotated });
    try {
      expect(await accepted.system.identity()).toBe('tls-router');
      expect(logins(router)).toBe(before + 1);
    } finally {
      await accepted.close();
    }
  });

  it('still serves the plain API on its own port', async () => {
    const client = clientFor(router);
    try {
      expect(await client.system.identity()).toBe('tls-router');
      expect(client.connection.tlsFingerprint).toBeNull();
    } finally {
      await client.close();
    }
  });
});
