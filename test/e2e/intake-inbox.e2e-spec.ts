import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrivacyService } from '../../src/modules/privacy/privacy.service.js';
import { IntakeInboxWorker } from '../../src/modules/intake/intake-inbox.worker.js';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { createTestDatabase, dropTestDatabase } from '../setup/database.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The web-form inbox: a submission is accepted with one row and becomes a lead in a batch. Nothing accepted may be
 * lost or doubled: not when the instance stops before taking it, not when it is delivered again meanwhile, not when
 * two instances take submissions at once.
 */
describe('intake inbox', () => {
  let databaseUrl: string;
  /** Accepts submissions but never takes them (as an instance does that died right after answering). */
  let accepting: TestApp;
  let admin: SignedIn;
  let documentId: string;
  let form: TestSource;
  const others: TestApp[] = [];

  const submit = (t: TestApp, body: Record<string, unknown>, idempotencyKey?: string) => {
    const req = t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', form.key);
    if (idempotencyKey) void req.set('Idempotency-Key', idempotencyKey);
    return req.send(webForm(documentId, body));
  };
  const one = async (sql: string, params: unknown[] = []) => (await accepting.db.query(sql, params)).rows[0];
  const waiting = async () => Number((await one(`SELECT count(*)::int AS n FROM intake_inbox`)).n);
  /** Instances that take what the stopped one left behind at once (after a second). */
  const takingInstance = async () => {
    const t = await startTestApp({ databaseUrl, env: { INTAKE_ORPHAN_AFTER_SEC: '1', INTAKE_DRAIN_BATCH: '7', PUBLIC_RATE_LIMIT: '1000' } });
    others.push(t);
    return t;
  };
  /** Lets `workers` take left-behind submissions until none waits. */
  const drainWith = async (workers: TestApp[]) => {
    for (const deadline = Date.now() + 60_000; (await waiting()) > 0;) {
      if (Date.now() > deadline) throw new Error('the inbox was not drained');
      await Promise.all(workers.map((w) => w.app.get(IntakeInboxWorker).sweep()));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    accepting = await startTestApp({ databaseUrl, env: { INTAKE_DRAIN_ENABLED: 'false', PUBLIC_RATE_LIMIT: '1000' } });
    others.push(accepting);
    admin = await signedIn(accepting, 'admin');
    documentId = (await publishedDocument(accepting, admin)).id;
    form = await createSource(accepting, admin, 'web_form', 'website');
  });
  afterAll(async () => {
    for (const t of others) await t.close();
    await dropTestDatabase(databaseUrl);
  });

  it('answers with the lead id and a withdrawal token at once; the lead is made after a restart, with its consent, audit and event', async () => {
    const marketing = await publishedDocument(accepting, admin, 'marketing');
    const res = await submit(accepting, { phone: '+79035550001', name: 'Вера Павлова', marketingConsent: { documentId: marketing.id, accepted: true } })
      .set('X-Request-Id', 'inbox-restart-0001')
      .set('User-Agent', 'Mozilla/5.0 inbox');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), status: 'new', consentWithdrawalToken: expect.any(String) });
    const leadId = res.body.id;
    // Accepted and waiting: not a lead yet, so nobody sees it.
    expect(await one(`SELECT count(*)::int AS n FROM leads WHERE id = $1`, [leadId])).toEqual({ n: 0 });
    expect(await waiting()).toBe(1);
    const manager = await signedIn(accepting, 'manager');
    expect((await accepting.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth)).status).toBe(404);

    // The accepting instance stops; another one starts and takes what it left.
    others.splice(others.indexOf(accepting), 1);
    await accepting.app.close();
    await accepting.db.end();
    accepting = await takingInstance();
    await drainWith([accepting]);

    expect(
      await one(
        `SELECT l.channel, l.status, l.consent_status, l.landing_url, p.phone, p.first_name, l.created_at <= now() AS past
                        FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.id = $1`,
        [leadId],
      ),
    ).toEqual({
      channel: 'website',
      status: 'new',
      consent_status: 'given',
      landing_url: 'https://clinic.example/implants',
      phone: '+79035550001',
      first_name: 'Вера Павлова',
      past: true,
    });
    // Consent was given, and the lead arrived, when the form was accepted (before the restart), not when it was taken.
    const { rows: consents } = await accepting.db.query(
      `SELECT c.document_kind, host(c.ip) AS ip, c.user_agent, c.granted_at = l.created_at AS at_arrival, l.created_at < now() - interval '10 milliseconds' AS earlier
         FROM consents c JOIN leads l ON l.id = c.lead_id WHERE c.lead_id = $1 ORDER BY c.document_kind`,
      [leadId],
    );
    expect(consents).toEqual([
      { document_kind: 'marketing', ip: '127.0.0.1', user_agent: 'Mozilla/5.0 inbox', at_arrival: true, earlier: true },
      { document_kind: 'personal_data', ip: '127.0.0.1', user_agent: 'Mozilla/5.0 inbox', at_arrival: true, earlier: true },
    ]);
    const { rows: audit } = await accepting.db.query(`SELECT action, fields FROM audit_events WHERE request_id = 'inbox-restart-0001' ORDER BY id`);
    expect(audit).toEqual([
      { action: 'consent.recorded', fields: ['personal_data', 'web_form'] },
      { action: 'consent.recorded', fields: ['marketing', 'web_form'] },
      { action: 'lead.received', fields: ['web_form'] },
    ]);
    expect(await one(`SELECT count(*)::int AS n FROM events WHERE type = 'lead.created' AND payload->>'leadId' = $1`, [leadId])).toEqual({ n: 1 });
    // The token handed out before the lead existed withdraws its consent.
    const withdrawn = await accepting.http().post('/api/v1/public/consents/withdraw').send({ token: res.body.consentWithdrawalToken });
    expect(withdrawn.status).toBe(200);
    expect(await waiting()).toBe(0);
  });

  it('answers once the form is stored, and the lead reaches the operators right after', async () => {
    const quick = await startTestApp({ databaseUrl, env: { INTAKE_ANSWER_WAIT_MS: '0', PUBLIC_RATE_LIMIT: '1000' } });
    others.push(quick);
    const operator = await signedIn(quick, 'operator');
    const socket = await connectSocket(quick.baseUrl, { token: operator.accessToken });
    try {
      const res = await submit(quick, { phone: '+79035550009', name: 'Нина Орлова' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), status: 'new', consentWithdrawalToken: expect.any(String) });
      const pushed = await socket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === res.body.id);
      expect(pushed.data).toMatchObject({ phone: '+79035550009', status: 'new' });
      const manager = await signedIn(quick, 'manager');
      expect((await quick.http().get(`/api/v1/leads/${res.body.id}`).set('Authorization', manager.auth)).status).toBe(200);
    } finally {
      socket.close();
    }
  });

  it('gives one lead and one event for a delivery sent again while it waits and while it is taken', async () => {
    const stopped = await startTestApp({ databaseUrl, env: { INTAKE_DRAIN_ENABLED: 'false', PUBLIC_RATE_LIMIT: '1000' } });
    others.push(stopped);
    const body = { phone: '+79035550002', name: 'Олег Дубов' };
    const first = await submit(stopped, body, 'inbox-dup-1');
    expect(first.status).toBe(201);
    const again = await Promise.all([1, 2, 3].map(() => submit(stopped, body, 'inbox-dup-1')));
    expect(again.map((r) => [r.status, r.body.id, r.body.status])).toEqual([1, 2, 3].map(() => [200, first.body.id, 'new']));
    // More copies arrive while an instance takes it (once it counts as left behind; the running instance may take it
    // first, and an empty inbox ends the wait too).
    while (!(await one(`SELECT coalesce(bool_and(accepted_at < now() - interval '1 second'), true) AS old FROM intake_inbox`)).old)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const [, ...during] = await Promise.all([drainWith([accepting]), ...[1, 2, 3, 4].map(() => submit(accepting, body, 'inbox-dup-1'))]);
    expect(during.map((r) => [r.status, r.body.id])).toEqual([1, 2, 3, 4].map(() => [200, first.body.id]));
    const after = await submit(accepting, body, 'inbox-dup-1');
    expect([after.status, after.body.id, after.body.status]).toEqual([200, first.body.id, 'new']);
    expect(await one(`SELECT count(*)::int AS n FROM leads WHERE patient_id IN (SELECT id FROM patients WHERE phone = '+79035550002')`)).toEqual({ n: 1 });
    expect(await one(`SELECT count(*)::int AS n FROM events WHERE type = 'lead.created' AND payload->>'leadId' = $1`, [first.body.id])).toEqual({ n: 1 });
    expect(await one(`SELECT count(*)::int AS n FROM consents WHERE lead_id = $1`, [first.body.id])).toEqual({ n: 1 });
  });

  it('two instances taking submissions at once make every lead exactly once and match people as one by one', async () => {
    const stopped = await startTestApp({ databaseUrl, env: { INTAKE_DRAIN_ENABLED: 'false', PUBLIC_RATE_LIMIT: '1000' } });
    others.push(stopped);
    // 30 numbers: the same person three times (names that fit each other), then a relative with the same number.
    const names = ['Петрова Ольга', 'Ольга', 'Ольга Петрова', 'Мария Петрова'];
    const ids: string[] = [];
    for (const round of names.keys()) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, n) => submit(stopped, { phone: `+7903556${String(n).padStart(4, '0')}`, name: names[round] })),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
      ids.push(...answers.map((a) => a.body.id));
    }
    // All accepted; the running instance may already have taken those waiting over a second (on a slow machine).
    expect(await one(`SELECT (SELECT count(*) FROM intake_inbox)::int + (SELECT count(*) FROM leads WHERE id = ANY($1::uuid[]))::int AS n`, [ids])).toEqual({
      n: 120,
    });
    const second = await takingInstance();
    await drainWith([accepting, second]);

    expect(await one(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct_ids FROM leads WHERE id = ANY($1::uuid[])`, [ids])).toEqual({
      n: 120,
      distinct_ids: 120,
    });
    const { rows: people } = await accepting.db.query(
      `SELECT p.phone, count(DISTINCT p.id)::int AS patients, count(*)::int AS leads, count(*) FILTER (WHERE l.returning_patient)::int AS returning
         FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.id = ANY($1::uuid[]) GROUP BY p.phone`,
      [ids],
    );
    expect(people).toHaveLength(30);
    for (const person of people) expect(person).toEqual({ phone: person.phone, patients: 2, leads: 4, returning: 2 });
    expect(await one(`SELECT count(*)::int AS n FROM patient_duplicates d JOIN patients p ON p.id = d.patient_id WHERE p.phone LIKE '+7903556%'`)).toEqual({
      n: 30,
    });
    expect(await one(`SELECT count(*)::int AS n, count(DISTINCT lead_id)::int AS leads FROM consents WHERE lead_id = ANY($1::uuid[])`, [ids])).toEqual({
      n: 120,
      leads: 120,
    });
    expect(
      await one(
        `SELECT count(*)::int AS n, count(DISTINCT payload->>'leadId')::int AS leads FROM events WHERE type = 'lead.created' AND payload->>'leadId' = ANY($1::text[])`,
        [ids],
      ),
    ).toEqual({ n: 120, leads: 120 });
    expect(await one(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'lead.received' AND entity_id = ANY($1::text[])`, [ids])).toEqual({ n: 120 });
    // Of each person's three inquiries one made the patient and the others found it (two instances may take one
    // person's inquiries in either order, as two requests at once would; one instance takes them in order).
    const { rows: order } = await accepting.db.query(
      `SELECT p.phone, array_agg(l.returning_patient ORDER BY l.returning_patient) AS returning FROM leads l JOIN patients p ON p.id = l.patient_id
        WHERE l.id = ANY($1::uuid[]) AND p.first_name <> 'Мария Петрова' GROUP BY p.phone`,
      [ids],
    );
    expect(order).toHaveLength(30);
    for (const person of order) expect(person.returning).toEqual([false, true, true]);
  });

  it('sets aside a submission that cannot become a lead, with the reason, and makes the others of its batch', async () => {
    const stopped = await startTestApp({ databaseUrl, env: { INTAKE_DRAIN_ENABLED: 'false', PUBLIC_RATE_LIMIT: '1000' } });
    others.push(stopped);
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => submit(stopped, { phone: `+7903557000${n}`, name: `Человек ${n}` })));
    // One of them is damaged after it was accepted (as a changed schema or a bad release could).
    await accepting.db.query(`UPDATE intake_inbox SET channel = 'pigeon_post' WHERE lead_id = $1`, [answers[2]!.body.id]);
    for (
      const deadline = Date.now() + 60_000;
      (await one(`SELECT count(*)::int AS n FROM intake_inbox WHERE failed_at IS NULL`)).n > 0 && Date.now() < deadline;
    ) {
      await accepting.app.get(IntakeInboxWorker).sweep();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const made = answers.filter((_, i) => i !== 2).map((a) => a.body.id);
    expect(await one(`SELECT count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[])`, [made])).toEqual({ n: 4 });
    expect(await one(`SELECT count(*)::int AS n FROM leads WHERE id = $1`, [answers[2]!.body.id])).toEqual({ n: 0 });
    // Set aside after its first failed attempt; on a busy machine the instance's own sweep may have tried it too.
    const setAside = await one(`SELECT lead_id, attempts, failure FROM intake_inbox WHERE failed_at IS NOT NULL`);
    expect(setAside).toEqual({ lead_id: answers[2]!.body.id, attempts: expect.any(Number), failure: expect.stringContaining('23514') });
    expect(setAside.attempts).toBeGreaterThanOrEqual(1);
    // Kept for someone to look into, not for ever: the privacy purge deletes it after 30 days.
    await accepting.app.get(PrivacyService).purge(new Date(Date.now() + 29 * 86_400_000));
    expect(await one(`SELECT count(*)::int AS n FROM intake_inbox`)).toEqual({ n: 1 });
    await accepting.app.get(PrivacyService).purge(new Date(Date.now() + 31 * 86_400_000));
    expect(await one(`SELECT count(*)::int AS n FROM intake_inbox`)).toEqual({ n: 0 });
  });
});
