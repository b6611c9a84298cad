import type { Browser } from 'playwright-core';
import { AfricasTalkingSmsClient } from '@wavu/africastalking';
import type { SmsSimulator } from '@wavu/sms-sim';
import { startSmsSimulator } from '@wavu/sms-sim';
import { launchChromium, screenshot } from '../setup/browser';

/**
 * The SMS simulator's phone inbox (libs/sms-sim): a demo user opens it to read a code that was
 * "texted". Messages sent through the real client appear newest first; markup shows as text and never runs.
 */
describe('simulated phone inbox (Chromium)', () => {
  jest.setTimeout(60_000);
  let sim: SmsSimulator;
  let browser: Browser;
  const creds = { environment: 'sandbox' as const, username: 'sandbox', apiKey: 'demo-at-api-key' };

  beforeAll(async () => {
    sim = await startSmsSimulator({ apps: [{ username: 'sandbox', apiKey: creds.apiKey }], settings: { deliveryDelayMs: 0 } });
    browser = await launchChromium();
    const client = new AfricasTalkingSmsClient({ baseUrls: { sandbox: sim.url } });
    await client.send(creds, { to: ['0700000123'], message: 'Demo Shop WiFi: your code is WV-7K2P (1 hour). Asante!', from: 'DEMOSHOP' });
    await client.send(creds, { to: ['0700000123'], message: '<script>window.pwned = true</script><b>not bold</b>' });
    await client.send(creds, {
      to: ['0700000123'],
      message: 'Habari! Nambari yako ya siri ni 4821. Ukikwama, piga simu 0700000999. Kifurushi chako cha saa 24 kitaisha kesho saa nne asubuhi. Asante kwa kuchagua Demo Shop WiFi 😀',
    });
    await client.send(creds, { to: ['0700009002'], message: 'This phone is switched off' });
    await sim.idle();
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  it.each([
    [1280, 800],
    [390, 844],
  ])('shows one phone its messages newest first, markup as text, at %i px', async (width, height) => {
    const page = await browser.newPage({ viewport: { width, height } });
    // A phone's page reloads itself every 5 seconds (meta refresh): this test reads it at leisure, and
    // on a loaded machine a reload landed in the middle of a read. The tag is checked, then left out.
    const refreshTags: string[] = [];
    await page.route(
      (url) => url.pathname === new URL(sim.phoneUrl).pathname,
      async (route) => {
        const response = await route.fetch();
        const body = await response.text();
        refreshTags.push(...(body.match(/<meta http-equiv="refresh"[^>]*>/g) ?? []));
        await route.fulfill({ response, body: body.replace(/<meta http-equiv="refresh"[^>]*>/g, '') });
      },
    );
    try {
      await page.goto(`${sim.phoneUrl}?number=${encodeURIComponent('0700000123')}`);
      expect(refreshTags).toEqual(['<meta http-equiv="refresh" content="5">']);
      const texts = await page.getByTestId('message-text').allTextContents();
      expect(texts).toHaveLength(3);
      expect(texts[0]).toMatch(/^Habari!/);
      expect(texts[1]).toBe('<script>window.pwned = true</script><b>not bold</b>');
      expect(texts[2]).toMatch(/WV-7K2P/);
      expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
      expect(await page.locator('main b').count()).toBe(0);
      expect(await page.getByTestId('message-from').allTextContents()).toEqual(['AFRICASTKNG', 'AFRICASTKNG', 'DEMOSHOP']);
      // nothing is wider than the screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, `sms-inbox-${width}`);
      // another number through the form
      await page.getByTestId('number').fill('0700009002');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByText('This phone is switched off').waitFor();
      expect(await page.locator('.foot').first().textContent()).toContain('Failed (AbsentSubscriber)');
    } finally {
      await page.close();
    }
  });
});
