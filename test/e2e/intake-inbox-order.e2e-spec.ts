import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { IntakeInboxWorker } from '../../src/modules/intake/intake-inbox.worker.js';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { createTestDatabase, dropTestDatabase } from '../setup/database.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * An instance makes leads in several batches at once. One person's forms must still be matched in the order they
 * came: the first makes the patient, the later ones find it, even when a later form's batch could get ahead.
 */
describe('intake inbox, batches at once', () => {
  let databaseUrl: string;
  /** Accepts forms but never takes them; they are handed to `making` below. */
  let accepting: TestApp;
  let making: TestApp;
  let admin: SignedIn;
  let documentId: string;
  let form: TestSource;

  const submit = (t: TestApp, body: Record<string, unknown>) =>
    t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', form.key).send(webForm(documentId, body));
  const one = async (sql: string, params: unknown[] = []) => (await accepting.db.query(sql, params)).rows[0];
  /** Waits for a condition of the database (no fixed pause: it ends as soon as the condition holds). */
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 30_000; !(await check()); await new Promise((resolve) => setTimeout(resolve, 20)))
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
  };
  const leadExists = (id: string) => async () => (await one(`SELECT count(*)::int AS n FROM leads WHERE id = $1`, [id])).n === 1;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    accepting = await startTestApp({ databaseUrl, env: { INTAKE_DRAIN_ENABLED: 'false', PUBLIC_RATE_LIMIT: '1000' } });
    // One form per batch, so that each form has a batch of its own and batches run side by side.
    making = await startTestApp({
      databaseUrl,
      env: { INTAKE_DRAIN_BATCH: '1', INTAKE_ANSWER_WAIT_MS: '0', PUBLIC_RATE_LIMIT: '1000', CACHE_TTL_MS: '600000', INTAKE_ORPHAN_AFTER_SEC: '3600' },
    });
    admin = await signedIn(accepting, 'admin');
    documentId = (await publishedDocument(accepting, admin)).id;
    form = await createSource(accepting, admin, 'web_form', 'website');
  });
  afterAll(async () => {
    await making?.close();
    await accepting?.close();
    await dropTestDatabase(databaseUrl);
  });

  it("takes a person's later form only after the batch with their earlier form has ended", async () => {
    // The making instance has made a lead before: the personal-data document is known to it, the marketing one is not.
    const warmUp = await submit(making, { phone: '+79035580009', name: 'Пётр Сидоров' });
    expect(warmUp.status).toBe(201);
    await until('the first lead is made', leadExists(warmUp.body.id));
    const marketing = await publishedDocument(accepting, admin, 'marketing');
    const phone = '+79035580001';
    const first = await submit(accepting, { phone, name: 'Ирина Белова', marketingConsent: { documentId: marketing.id, accepted: true } });
    const second = await submit(accepting, { phone, name: 'Ирина Белова' });
    const other = await submit(accepting, { phone: '+79035580002', name: 'Кирилл Орлов' });
    expect([first.status, second.status, other.status]).toEqual([201, 201, 201]);

    // The batch of the first form is held up reading the marketing document; the second needs nothing read.
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    try {
      await blocker.query(`BEGIN`);
      await blocker.query(`LOCK TABLE consent_documents IN ACCESS EXCLUSIVE MODE`);
      const worker = making.app.get(IntakeInboxWorker);
      await accepting.db.query(`UPDATE intake_inbox SET accepted_by = $1`, [worker.instanceId]);
      const waitingForLocks = async () =>
        (await one(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).n;
      // One form per batch is a full batch: the instance starts another beside it, as it does when forms pile up.
      // Taking forms only in their order, the second batch would take the second form and make the person's patient
      // first; it must pass over it and take the other person's form. It then waits too: the consents it writes
      // refer to the documents.
      worker.wake();
      await until('two batches wait', async () => (await waitingForLocks()) >= 2);
      await blocker.query(`COMMIT`);
    } finally {
      await blocker.end();
    }

    await until('every form is a lead', async () => (await one(`SELECT count(*)::int AS n FROM intake_inbox`)).n === 0);
    const { rows } = await accepting.db.query(`SELECT id, returning_patient, patient_id FROM leads WHERE id = ANY($1::uuid[])`, [
      [first.body.id, second.body.id],
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(first.body.id)).toMatchObject({ returning_patient: false });
    expect(byId.get(second.body.id)).toMatchObject({ returning_patient: true, patient_id: byId.get(first.body.id).patient_id });
  });
});
