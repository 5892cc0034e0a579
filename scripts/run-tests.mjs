// `npm test` after the build: the Jest suite (arguments are passed to Jest), then the browser tests of the console
// (Playwright's own runner, web/e2e/*.pw.ts). Both always run; the exit code is the first failure's.
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;

const jest = run(['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)]);
const browser = run(['node_modules/@playwright/test/cli.js', 'test', '--config', 'web/playwright.config.ts']);
process.exit(jest || browser);
