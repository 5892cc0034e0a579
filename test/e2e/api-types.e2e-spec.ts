import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiTypesOf } from '../../scripts/lib/api-document.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** The console's request and response types are generated from the served API document; they must not drift from it. */
describe('console API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('web/src/api/schema.d.ts is what `npm run api:types` generates from the current API document', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body;
    const committed = await readFile(path.resolve('web/src/api/schema.d.ts'), 'utf8');
    // On failure: run `npm run api:types` and commit the result.
    expect(committed === (await apiTypesOf(document))).toBe(true);
  });
});
