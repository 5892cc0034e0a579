// `npm run api:lint` (also part of `npm test`): lints the app's own OpenAPI document (the one served at
// /api/docs-json, built here without a database) with Redocly's recommended rules, configured in redocly.yaml.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { apiDocumentWithoutDatabase } from './lib/api-document.js';

async function main(): Promise<number> {
  const document = await apiDocumentWithoutDatabase();
  // Kept in dist/ (built output) so the problems point at lines one can open; .redocly.lint-ignore.yaml names it.
  const file = path.resolve('dist/openapi.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
  const cli = path.resolve('node_modules/@redocly/cli/bin/cli.js');
  const args = [
    cli,
    'lint',
    path.relative(process.cwd(), file),
    '--config',
    'redocly.yaml',
    '--format',
    process.env.API_LINT_FORMAT ?? 'codeframe',
    '--max-problems',
    '1000',
  ];
  const result = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    // Nothing leaves this machine: no usage reports, no check for a newer version.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  return result.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
