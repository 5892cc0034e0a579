import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';

/** Debian's chromium from PATH (installed by .ci/run when missing); Playwright never downloads a browser here. */
function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    throw new Error('No chromium on PATH: install it (apt-get install -y chromium), as .ci/run does');
  }
}

// Browser tests of the console against the built app (dist/) on a fresh PostgreSQL database; see e2e/support/global-setup.ts.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.pw.ts',
  outputDir: '../.data/playwright',
  globalSetup: './e2e/support/global-setup.ts',
  workers: 2,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    // The browser's own zone is neither branch's: every time on screen must come from the branch's zone.
    timezoneId: 'America/New_York',
    locale: 'ru-RU',
    actionTimeout: 10_000,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
