import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * The browser project's test environment: Node's, plus a screenshot of every page still open when
 * a test or hook fails (artifacts/browser/failures/), named after the test, with the page's
 * address printed beside it, and the page requests that failed or were answered 400 or more. A
 * failure on a loaded CI machine is then seen, not guessed at.
 * launchChromium (test/setup/browser.ts) registers each browser it starts.
 */
export default class BrowserTestEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const browsers = ((this.global as { __wavuBrowsers?: Browser[] }).__wavuBrowsers ?? []).filter((b) => b.isConnected());
    const pages = browsers.flatMap((b) => b.contexts().flatMap((c) => c.pages()));
    // what the pages asked for that failed or was refused (the last 50): a missing script or an API error shows here
    const trouble = (this.global as { __wavuRequestTrouble?: string[] }).__wavuRequestTrouble ?? [];
    if (trouble.length) process.stderr.write(`[browser] requests that failed or were answered 400 or more:\n${trouble.map((t) => `  ${t}`).join('\n')}\n`);
    if (!pages.length) return;
    const name = event.name === 'test_fn_failure' ? testName(event.test) : `${event.hook.type}-${event.hook.parent.name}`;
    const folder = path.resolve(__dirname, '..', '..', 'artifacts', 'browser', 'failures');
    fs.mkdirSync(folder, { recursive: true });
    for (const [i, page] of pages.entries()) {
      const file = path.join(folder, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 120)}-${i + 1}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
        process.stderr.write(`[browser] failure screenshot ${path.relative(process.cwd(), file)} (${page.url()})\n`);
      } catch (error) {
        process.stderr.write(`[browser] no failure screenshot of ${page.url()}: ${(error as Error).message.split('\n')[0]}\n`);
      }
    }
  }
}

function testName(test: Circus.TestEntry): string {
  const names: string[] = [];
  for (let block: Circus.TestEntry | Circus.DescribeBlock | undefined = test; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent) names.unshift(block.name);
  return names.join(' ');
}
