import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPatient } from '../factories/consent.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('audit log for admins', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
  });
  afterAll(async () => t.close());

  const browse = (query: Record<string, string>, who = admin) => t.http().get('/api/v1/audit-events').query(query).set('Authorization', who.auth);

  it('filters by person, record, action (or its beginning) and time, newest first, page by page, without values', async () => {
    const patient = await createPatient(t, { notes: 'secret-audit-note' });
    for (let i = 0; i < 3; i++) expect((await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', manager.auth)).status).toBe(200);
    const views = await browse({ actorId: manager.id, action: 'patient.viewed', limit: '2' });
    expect(views.status).toBe(200);
    expect(views.body.data).toHaveLength(2);
    expect(views.body.data[0]).toMatchObject({ actorId: manager.id, actorRole: 'manager', action: 'patient.viewed', entity: 'patient', entityId: patient.id });
    const next = await browse({ actorId: manager.id, action: 'patient.viewed', limit: '2', cursor: views.body.nextCursor });
    expect(next.body.data).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    expect(Number(views.body.data[0].id)).toBeGreaterThan(Number(next.body.data[0].id));
    const onPatient = await browse({ entity: 'patient', entityId: patient.id, action: 'patient.' });
    expect(onPatient.body.data.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['patient.viewed', 'patient.created']));
    expect(JSON.stringify(onPatient.body)).not.toContain('secret-audit-note');
    expect((await browse({ actorId: manager.id, from: new Date(Date.now() + 60_000).toISOString() })).body.data).toEqual([]);
    // Looking is recorded too.
    expect((await browse({ action: 'audit.viewed', actorId: admin.id })).body.data.length).toBeGreaterThan(0);
  });

  it('is for admins only and refuses malformed filters', async () => {
    expect((await browse({}, manager)).status).toBe(403);
    expect((await browse({ action: "x'; DROP" })).status).toBe(400);
    expect((await browse({ cursor: 'bm90LWFuLWlk' })).status).toBe(400);
    expect((await browse({ from: 'yesterday' })).status).toBe(400);
  });
});
