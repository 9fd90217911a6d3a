// Headless Debian Chromium for browser tests. Where it is not installed the tests skip with a
// message, except in CI (CI=true), where .ci/run installs it and its absence is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const message = `${CHROMIUM} is not installed (apt-get install chromium): browser tests skipped`;
  if (process.env.CI) throw new Error(message + ' - but CI must run them');
  console.warn(message);
  return message;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    // Playwright gives every launch a fresh, empty profile directory of its own.
  });
}
