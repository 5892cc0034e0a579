// `npm run api:types`: writes web/src/api/schema.d.ts, the console's types of every request and response, from the
// app's own OpenAPI document. The app is built in preview mode (no providers run), so no database is needed.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiDocumentWithoutDatabase, apiTypesOf } from './lib/api-document.js';

const TARGET = path.resolve('web/src/api/schema.d.ts');

async function main(): Promise<void> {
  const document = await apiDocumentWithoutDatabase();
  await writeFile(TARGET, await apiTypesOf(document));
  process.stdout.write(`wrote ${path.relative(process.cwd(), TARGET)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
