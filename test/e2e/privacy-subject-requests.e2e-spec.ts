import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addWorkingDays, localDay, type WorkingCalendar } from '../../src/modules/subject-requests/working-days.js';
import { createPatient } from '../factories/consent.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('subject requests on the working-day calendar', () => {
  let t: TestApp;
  let manager: SignedIn;
  let admin: SignedIn;
  let patientId: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    manager = await signedIn(t, 'manager');
    admin = await signedIn(t, 'admin');
    patientId = (await createPatient(t)).id;
  });
  afterAll(async () => t.close());

  const create = (type: string, receivedAt: string) =>
    t.http().post('/api/v1/subject-requests').set('Authorization', manager.auth).send({ patientId, type, receivedAt });

  it.each([
    ['access', '2026-02-02T09:00:00Z', '2026-02-16'],
    ['access', '2026-01-01T09:00:00Z', '2026-01-23'],
    ['access', '2026-04-29T10:00:00Z', '2026-05-15'],
    // 21:30 UTC is already 30 April in Moscow: the term starts a day later.
    ['access', '2026-04-29T21:30:00Z', '2026-05-18'],
    ['access', '2026-02-20T12:00:00Z', '2026-03-10'],
    ['rectification', '2026-11-02T08:00:00Z', '2026-11-12'],
    ['restriction', '2026-06-11T08:00:00Z', '2026-06-17'],
  ])('a %s request received %s is due %s (weekends and the seeded 2026 holidays skipped)', async (type, receivedAt, dueAt) => {
    const res = await create(type, receivedAt);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type, status: 'open', dueAt, extendedUntil: null, overdue: true, dueSoon: false });
    expect(new Date(res.body.receivedAt).toISOString()).toBe(new Date(receivedAt).toISOString());
  });

  it('extends an access request once by 5 working days with a recorded reason', async () => {
    const { body } = await create('access', '2026-05-22T09:00:00Z');
    expect(body.dueAt).toBe('2026-06-05');
    const noReason = await t.http().post(`/api/v1/subject-requests/${body.id}/extend`).set('Authorization', manager.auth).send({});
    expect(noReason.status).toBe(400);
    const res = await t
      .http()
      .post(`/api/v1/subject-requests/${body.id}/extend`)
      .set('Authorization', manager.auth)
      .send({ reason: 'Records are in the archive' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dueAt: '2026-06-05', extendedUntil: '2026-06-15', extensionReason: 'Records are in the archive' });
    expect((await t.http().post(`/api/v1/subject-requests/${body.id}/extend`).set('Authorization', manager.auth).send({ reason: 'again' })).status).toBe(409);
    const erasure = await create('erasure', '2026-05-22T09:00:00Z');
    expect(
      (await t.http().post(`/api/v1/subject-requests/${erasure.body.id}/extend`).set('Authorization', manager.auth).send({ reason: 'why not' })).status,
    ).toBe(422);
    const { rows } = await t.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [body.id]);
    expect(rows.map((r) => r.action)).toEqual(['subject_request.created', 'subject_request.extended']);
  });

  it('flags overdue and due-soon requests in the list, and closes requests', async () => {
    const calendar = await dbCalendar();
    const today = localDay(new Date(), 'Europe/Moscow');
    const soonLimit = addWorkingDays(today, 2, calendar);
    // A restriction (3 working days) received on the latest past day that makes it due within two working days.
    let received = today;
    do received = shift(received, -1);
    while (addWorkingDays(received, 3, calendar) > soonLimit);
    const soon = await create('restriction', `${received}T09:00:00Z`);
    expect(soon.body).toMatchObject({ dueAt: addWorkingDays(received, 3, calendar), overdue: false, dueSoon: true });
    const fresh = await create('access', new Date().toISOString());
    expect(fresh.body).toMatchObject({ overdue: false, dueSoon: false });
    const old = await create('access', new Date(Date.now() - 60 * 86_400_000).toISOString());
    expect(old.body).toMatchObject({ overdue: true, dueSoon: false });

    const list = await t.http().get(`/api/v1/subject-requests?status=open&patientId=${patientId}&limit=200`).set('Authorization', manager.auth);
    expect(list.status).toBe(200);
    const byId = new Map(list.body.data.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(soon.body.id)).toMatchObject({ dueSoon: true, overdue: false });
    expect(byId.get(old.body.id)).toMatchObject({ overdue: true });
    const due = list.body.data.map((r: { extendedUntil: string | null; dueAt: string }) => r.extendedUntil ?? r.dueAt);
    expect(due).toEqual([...due].sort());

    const page1 = await t.http().get(`/api/v1/subject-requests?patientId=${patientId}&limit=3`).set('Authorization', manager.auth);
    const page2 = await t
      .http()
      .get(`/api/v1/subject-requests?patientId=${patientId}&limit=3&cursor=${page1.body.nextCursor}`)
      .set('Authorization', manager.auth);
    expect(page2.body.data.map((r: { id: string }) => r.id)).toEqual(list.body.data.slice(3, 6).map((r: { id: string }) => r.id));

    const done = await t.http().post(`/api/v1/subject-requests/${old.body.id}/complete`).set('Authorization', manager.auth).send({ outcome: 'completed' });
    expect(done.body).toMatchObject({ status: 'completed', overdue: false, dueSoon: false });
    expect(done.body.completedAt).not.toBeNull();
    expect(
      (await t.http().post(`/api/v1/subject-requests/${old.body.id}/complete`).set('Authorization', manager.auth).send({ outcome: 'refused' })).status,
    ).toBe(409);
    expect((await t.http().get(`/api/v1/subject-requests/${old.body.id}`).set('Authorization', manager.auth)).body.status).toBe('completed');
  });

  it('lets admins maintain the calendar: a new weekday off and a transferred working Saturday change due dates', async () => {
    const seeded = await t.http().get('/api/v1/non-working-days?year=2026').set('Authorization', manager.auth);
    expect(seeded.body.data.map((d: { day: string }) => d.day)).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-01-08', '2026-05-01', '2026-05-11', '2026-12-31']),
    );
    expect((await create('restriction', '2026-10-01T09:00:00Z')).body.dueAt).toBe('2026-10-06');
    expect((await t.http().put('/api/v1/non-working-days/2026-10-05').set('Authorization', admin.auth).send({ label: 'Clinic day off' })).status).toBe(200);
    expect((await create('restriction', '2026-10-01T09:00:00Z')).body.dueAt).toBe('2026-10-07');
    expect((await t.http().put('/api/v1/non-working-days/2026-10-03').set('Authorization', admin.auth).send({})).status).toBe(400);
    expect(
      (await t.http().put('/api/v1/non-working-days/2026-10-03').set('Authorization', admin.auth).send({ working: true, label: 'Transferred' })).status,
    ).toBe(200);
    expect((await create('restriction', '2026-10-01T09:00:00Z')).body.dueAt).toBe('2026-10-06');
    expect((await t.http().delete('/api/v1/non-working-days/2026-10-05').set('Authorization', admin.auth)).status).toBe(204);
    expect((await t.http().delete('/api/v1/non-working-days/2026-10-03').set('Authorization', admin.auth)).status).toBe(204);
    expect((await t.http().delete('/api/v1/non-working-days/2026-10-03').set('Authorization', admin.auth)).status).toBe(404);
  });

  it('refuses requests received in the future and for unknown patients', async () => {
    expect((await create('access', new Date(Date.now() + 86_400_000).toISOString())).status).toBe(400);
    const res = await t
      .http()
      .post('/api/v1/subject-requests')
      .set('Authorization', manager.auth)
      .send({ patientId: '6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c', type: 'access', receivedAt: '2026-02-02T09:00:00Z' });
    expect(res.status).toBe(404);
  });

  async function dbCalendar(): Promise<WorkingCalendar> {
    const { rows } = await t.db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, working FROM non_working_days`);
    return {
      daysOff: new Set(rows.filter((r) => !r.working).map((r) => r.day)),
      workingWeekendDays: new Set(rows.filter((r) => r.working).map((r) => r.day)),
    };
  }

  it('completes the erasure request an erasure answers, in the same transaction; refuses another person’s request', async () => {
    const person = (await createPatient(t)).id;
    const request = await t
      .http()
      .post('/api/v1/subject-requests')
      .set('Authorization', manager.auth)
      .send({ patientId: person, type: 'erasure', receivedAt: new Date().toISOString() });
    const someoneElse = await create('erasure', new Date().toISOString());
    const wrong = await t
      .http()
      .post(`/api/v1/patients/${person}/erase`)
      .set('Authorization', manager.auth)
      .send({ reason: 'subject_request', subjectRequestId: someoneElse.body.id });
    expect(wrong.status).toBe(404);
    expect((await t.db.query(`SELECT anonymized_at FROM patients WHERE id = $1`, [person])).rows[0].anonymized_at).toBeNull();
    const erased = await t
      .http()
      .post(`/api/v1/patients/${person}/erase`)
      .set('Authorization', manager.auth)
      .send({ reason: 'subject_request', subjectRequestId: request.body.id });
    expect(erased.status).toBe(200);
    const done = await t.http().get(`/api/v1/subject-requests/${request.body.id}`).set('Authorization', manager.auth);
    expect(done.body.status).toBe('completed');
    expect(done.body.completedAt).not.toBeNull();
    expect((await t.db.query(`SELECT completed_by FROM subject_requests WHERE id = $1`, [request.body.id])).rows[0].completed_by).toBe(manager.id);
  });
});

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
