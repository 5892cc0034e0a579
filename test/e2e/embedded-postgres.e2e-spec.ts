import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.mjs';

describe('embedded PostgreSQL', () => {
  // Only root hands the server to the `postgres` user, which may be shut out of the folders above the data.
  const asRoot = process.getuid?.() === 0;
  (asRoot ? it : it.skip)('says which folder the postgres user cannot enter instead of failing with EACCES', async () => {
    const closed = mkdtempSync(path.join(tmpdir(), 'clinicdesk-closed-')); // mode 0700
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(closed, 'pg') })).rejects.toThrow(`cannot enter ${closed} (mode 700)`);
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
