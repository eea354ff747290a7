// Debian's Chromium driven by playwright-core (no browser download): the browser side of code-server.
import fs from 'node:fs';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM } from '../../scripts/code-server';

export async function launchChromium(profile: string, viewport = { width: 1400, height: 860 }): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run scripts/install-code-server.sh`);
  fs.rmSync(profile, { recursive: true, force: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
