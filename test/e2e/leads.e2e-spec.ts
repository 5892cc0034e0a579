import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { firstContactDueAt } from '../../src/modules/leads/first-contact-sla.js';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('leads: queue, claiming, lifecycle, first-contact SLA', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let form: TestSource;
  let documentId: string;
  let phoneSeq = 0;

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post('/api/v1/public/intake/web-form')
      .set('X-Intake-Key', form.key)
      .send(webForm(documentId, { phone: `+7916${String(10000000 + ++phoneSeq).slice(1)}`, name: `Lead ${phoneSeq}`, ...overrides }));
    if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const setStrategy = (assignmentStrategy: string, extra: Record<string, unknown> = {}) =>
    t
      .http()
      .patch('/api/v1/settings')
      .set('Authorization', admin.auth)
      .send({ assignmentStrategy, ...extra });
  const presence = (who: SignedIn, status: string) => t.http().put('/api/v1/me/presence').set('Authorization', who.auth).send({ status });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    documentId = (await publishedDocument(t, admin)).id;
    form = await createSource(t, admin, 'web_form', 'website');
  });
  afterAll(async () => t.close());

  it('lets exactly one of many operators claim a lead', async () => {
    const leadId = await submit();
    const operators = await Promise.all(Array.from({ length: 8 }, () => signedIn(t, 'operator')));
    const results = await Promise.all(operators.map((o) => t.http().post(`/api/v1/leads/${leadId}/claim`).set('Authorization', o.auth)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'LEAD_ALREADY_CLAIMED')).toBe(true);
    const winner = operators[results.findIndex((r) => r.status === 200)]!;
    const lead = await t.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth);
    expect(lead.body).toMatchObject({ status: 'assigned', assignedOperatorId: winner.id, claimedAt: expect.any(String) });
  });

  it('moves through its lifecycle and refuses illegal transitions with 409', async () => {
    const operator = await signedIn(t, 'operator');
    const other = await signedIn(t, 'operator');
    const leadId = await submit();
    const patch = (who: SignedIn, body: object) => t.http().patch(`/api/v1/leads/${leadId}`).set('Authorization', who.auth).send(body);
    expect((await patch(operator, { status: 'in_progress' })).status).toBe(403); // not theirs yet
    expect((await t.http().post(`/api/v1/leads/${leadId}/claim`).set('Authorization', operator.auth)).status).toBe(200);
    expect((await patch(other, { notes: 'mine?' })).status).toBe(403);
    expect((await patch(operator, { status: 'in_progress' })).body.status).toBe('in_progress');
    const noReason = await patch(operator, { status: 'lost' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('lostReason');
    expect((await patch(operator, { status: 'lost', lostReason: 'chose another clinic' })).body).toMatchObject({
      status: 'lost',
      lostReason: 'chose another clinic',
    });
    expect((await patch(manager, { status: 'in_progress' })).status).toBe(409); // lost -> in_progress is not a step
    expect((await patch(manager, { status: 'new' })).body).toMatchObject({ status: 'new', assignedOperatorId: null });
  });

  it('releases to the queue and lets a manager assign', async () => {
    const operator = await signedIn(t, 'operator');
    const other = await signedIn(t, 'operator');
    const leadId = await submit();
    await t.http().post(`/api/v1/leads/${leadId}/claim`).set('Authorization', operator.auth);
    expect((await t.http().post(`/api/v1/leads/${leadId}/release`).set('Authorization', other.auth)).status).toBe(403);
    expect((await t.http().post(`/api/v1/leads/${leadId}/release`).set('Authorization', operator.auth)).body).toMatchObject({
      status: 'new',
      assignedOperatorId: null,
    });
    const assigned = await t.http().post(`/api/v1/leads/${leadId}/assign`).set('Authorization', manager.auth).send({ operatorId: other.id });
    expect(assigned.body).toMatchObject({ status: 'assigned', assignedOperatorId: other.id });
    expect((await t.http().post(`/api/v1/leads/${leadId}/assign`).set('Authorization', manager.auth).send({ operatorId: manager.id })).status).toBe(404);
  });

  it('audits every view of a lead card', async () => {
    const leadId = await submit();
    await t.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth);
    await t.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'lead.viewed' AND entity_id = $1 AND actor_id = $2`, [
      leadId,
      manager.id,
    ]);
    expect(rows[0].n).toBe(2);
  });

  it('lists with filters and pages; operators see the queue and their own leads', async () => {
    const operator = await signedIn(t, 'operator');
    const mine = await submit({ name: 'Filter Person' });
    await t.http().post(`/api/v1/leads/${mine}/claim`).set('Authorization', operator.auth);
    const byMe = await t.http().get('/api/v1/leads?assignedTo=me').set('Authorization', operator.auth);
    expect(byMe.body.data.map((l: { id: string }) => l.id)).toEqual([mine]);
    const phone = (await t.http().get(`/api/v1/leads/${mine}`).set('Authorization', manager.auth)).body.phone;
    const byPhone = await t
      .http()
      .get(`/api/v1/leads?q=${encodeURIComponent(phone)}`)
      .set('Authorization', manager.auth);
    expect(byPhone.body.data.map((l: { id: string }) => l.id)).toEqual([mine]);
    const byName = await t.http().get('/api/v1/leads?q=Filter').set('Authorization', manager.auth);
    expect(byName.body.data.map((l: { id: string }) => l.id)).toEqual([mine]);
    const page1 = await t.http().get('/api/v1/leads?limit=2&status=new,assigned,in_progress,lost').set('Authorization', manager.auth);
    const page2 = await t
      .http()
      .get(`/api/v1/leads?limit=2&status=new,assigned,in_progress,lost&cursor=${page1.body.nextCursor}`)
      .set('Authorization', manager.auth);
    expect(page1.body.data).toHaveLength(2);
    expect(page2.body.data.length).toBeGreaterThan(0);
    expect(page2.body.data.map((l: { id: string }) => l.id)).not.toContain(page1.body.data[0].id);
    const otherOperator = await signedIn(t, 'operator');
    const visible = (await t.http().get('/api/v1/leads?limit=200').set('Authorization', otherOperator.auth)).body.data as {
      status: string;
      assignedOperatorId: string | null;
    }[];
    expect(visible.every((l) => l.status === 'new' && l.assignedOperatorId === null)).toBe(true);
  });

  it('finds Cyrillic names whatever the case, on any database locale, through the name indexes', async () => {
    const ivanova = await submit({ name: 'Иванова Анна Сергеевна' });
    const yolkina = await submit({ name: 'Ёлкина Вера' });
    const search = async (q: string) =>
      (
        (
          await t
            .http()
            .get(`/api/v1/leads?q=${encodeURIComponent(q)}`)
            .set('Authorization', manager.auth)
        ).body.data as { id: string }[]
      ).map((l) => l.id);
    expect(await search('иванова')).toContain(ivanova);
    expect(await search('ИВАНОВА')).toContain(ivanova);
    expect(await search('елкина')).toContain(yolkina);
    expect(await search('ёлк')).toContain(yolkina);
    expect(await search('иванова')).not.toContain(yolkina);
    // The test database is small, so sequential scans would win; with them off, the plan shows the indexes can serve it.
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      const plan = (
        await runner.query(`EXPLAIN SELECT id FROM patients p WHERE fold_name(p.last_name) LIKE $1 OR fold_name(p.first_name) LIKE $1`, ['иванова%'])
      )
        .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toContain('patients_last_name_search_idx');
      expect(plan).toContain('patients_first_name_search_idx');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('counts the first-contact deadline in call-center hours of the source branch', async () => {
    const branch = await t
      .http()
      .post('/api/v1/branches')
      .set('Authorization', admin.auth)
      .send({ name: 'Night branch', timezone: 'Asia/Vladivostok', callCenterHours: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '09:30' }] });
    const source = await createSource(t, admin, 'web_form', 'seo', { branchId: branch.body.id });
    const res = await t
      .http()
      .post('/api/v1/public/intake/web-form')
      .set('X-Intake-Key', source.key)
      .send(webForm(documentId, { phone: '+79161112233' }));
    const {
      rows: [lead],
    } = await t.db.query(`SELECT created_at, sla_due_at FROM leads WHERE id = $1`, [res.body.id]);
    const expected = firstContactDueAt(lead.created_at, 5, [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '09:30' }], 'Asia/Vladivostok');
    expect(Math.abs(lead.sla_due_at.getTime() - expected.getTime())).toBeLessThan(1000);
  });

  it('marks a missed first contact once and tells the operator and managers, also with two instances', async () => {
    const operator = await signedIn(t, 'operator');
    const leadId = await submit();
    await t.http().post(`/api/v1/leads/${leadId}/claim`).set('Authorization', operator.auth);
    const contacted = await submit();
    await t.db.query(`UPDATE leads SET sla_due_at = now() - interval '1 minute' WHERE id = ANY($1)`, [[leadId, contacted]]);
    await t.db.query(`UPDATE leads SET first_contact_at = now() - interval '2 minutes' WHERE id = $1`, [contacted]);
    const operatorSocket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const managerSocket = await connectSocket(t.baseUrl, { token: manager.accessToken });
    const second = await startTestApp({ databaseUrl: t.databaseUrl });
    try {
      await Promise.all([
        t.app.get(JobRunner).runNow('leads.sla_breaches'),
        second.app.get(JobRunner).runNow('leads.sla_breaches'),
        t.app.get(JobRunner).runNow('leads.sla_breaches'),
      ]);
      await t.app.get(JobRunner).runNow('leads.sla_breaches');
    } finally {
      await second.close();
    }
    const { rows } = await t.db.query(`SELECT payload->>'leadId' AS lead FROM events WHERE type = 'lead.sla_breached' AND payload->>'leadId' = ANY($1)`, [
      [leadId, contacted],
    ]);
    expect(rows).toEqual([{ lead: leadId }]);
    await operatorSocket.waitFor((e) => e.type === 'lead.sla_breached' && e.data.leadId === leadId);
    await managerSocket.waitFor((e) => e.type === 'lead.sla_breached' && e.data.leadId === leadId);
    expect((await t.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth)).body.slaBreached).toBe(true);
    operatorSocket.close();
    managerSocket.close();
  });

  it('assigns round robin and least loaded among available operators with room, and returns leads of operators who went away', async () => {
    // Only these two are available; everyone created earlier is offline.
    const a = await signedIn(t, 'operator', { capacity: 2 });
    const b = await signedIn(t, 'operator', { capacity: 2 });
    await t.db.query(`DELETE FROM staff_presence`);
    expect((await presence(a, 'available')).status).toBe(200);
    expect((await presence(b, 'available')).status).toBe(200);
    expect((await setStrategy('round_robin', { offlineGraceSec: 0 })).status).toBe(200);

    const owners: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await submit();
      owners.push((await t.db.query(`SELECT assigned_operator_id FROM leads WHERE id = $1`, [id])).rows[0].assigned_operator_id);
    }
    expect(owners.filter((o) => o === a.id)).toHaveLength(2);
    expect(owners.filter((o) => o === b.id)).toHaveLength(2);
    expect(owners[0]).not.toBe(owners[1]);
    const overflow = await submit(); // both full: waits in the queue
    expect((await t.db.query(`SELECT status, assigned_operator_id FROM leads WHERE id = $1`, [overflow])).rows[0]).toEqual({
      status: 'new',
      assigned_operator_id: null,
    });

    // a goes offline: a's untouched leads go back to the queue and then to b? b is full, so they wait.
    await presence(a, 'offline');
    await t.app.get(JobRunner).runNow('leads.queue');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM leads WHERE assigned_operator_id = $1`, [a.id]);
    expect(rows[0].n).toBe(0);
    // c becomes available under least_loaded: the oldest waiting leads go to c, up to c's capacity.
    const c = await signedIn(t, 'operator', { capacity: 2 });
    await setStrategy('least_loaded');
    await presence(c, 'available');
    await t.app.get(JobRunner).runNow('leads.queue');
    const { rows: cLeads } = await t.db.query(`SELECT id FROM leads WHERE assigned_operator_id = $1 ORDER BY created_at`, [c.id]);
    expect(cLeads).toHaveLength(2);
    await setStrategy('broadcast');
  });

  it('delivers a lead submitted to one instance to an operator connected to another, and replays missed ones', async () => {
    const operator = await signedIn(t, 'operator');
    const second = await startTestApp({ databaseUrl: t.databaseUrl });
    try {
      const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
      const res = await second
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '+79169990001' }));
      const live = await socket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === res.body.id);
      socket.close();
      const missed = [await submit(), await submit()];
      const resumed = await connectSocket(second.baseUrl, { token: operator.accessToken, lastEventId: live.id });
      for (const id of missed) await resumed.waitFor((e) => e.type === 'lead.created' && e.data.leadId === id);
      const created = resumed.events.filter((e) => e.type === 'lead.created').map((e) => e.data.leadId);
      expect(created.filter((id: string) => missed.includes(id))).toEqual(missed);
      expect(created).not.toContain(res.body.id);
      resumed.close();
    } finally {
      await second.close();
    }
  });

  it('records staff-entered leads from calls and walk-ins with channel and campaign', async () => {
    const operator = await signedIn(t, 'operator');
    const res = await t
      .http()
      .post('/api/v1/leads')
      .set('Authorization', operator.auth)
      .send({ name: 'Walk In', phone: '8 916 000 11 22', channel: 'walk_in', campaign: 'street-banner' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'walk_in', phone: '+79160001122', consentStatus: 'pending', utm: { campaign: 'street-banner' } });
    expect((await t.http().post('/api/v1/leads').set('Authorization', operator.auth).send({ name: 'X', phone: 'bad', channel: 'phone' })).status).toBe(400);
    expect(
      (await t.http().post('/api/v1/leads').set('Authorization', operator.auth).send({ name: 'X', phone: '+79160001123', channel: 'pigeon' })).status,
    ).toBe(400);
  });
});
