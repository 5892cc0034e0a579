import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { listRoutes } from '../setup/routes.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

interface Operation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Routes that answer with no body on success. */
const NO_CONTENT = new Set(['POST /api/v1/auth/logout']);

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => t.close());

  it('describes every registered route with its request and response schemas', () => {
    const problems: string[] = [];
    for (const route of listRoutes(t.app)) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      if (!operation) {
        problems.push(`${route.key}: missing`);
        continue;
      }
      const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
      if (!success.length) problems.push(`${route.key}: no success response`);
      const noContent = NO_CONTENT.has(route.key) || success.every(([status]) => status === '204');
      if (!noContent && !success.some(([, r]) => Object.values(r.content ?? {}).some((c) => c.schema))) {
        problems.push(`${route.key}: success response has no schema`);
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !route.key.includes('/logout')) {
        const bodyless = /\/(claim|release|publish|restrict|erase|withdraw|rotate-key|reset|test)$/.test(route.path);
        if (!bodyless && !Object.values(operation.requestBody?.content ?? {}).some((c) => c.schema)) problems.push(`${route.key}: no request body schema`);
      }
    }
    expect(problems).toEqual([]);
  });
});
