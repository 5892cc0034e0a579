import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStaff, signedIn, type SignedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('staff and branches', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t, 'admin');
  });
  afterAll(async () => t.close());

  it('creates staff with a role and branches, lists and pages them', async () => {
    const branch = await t
      .http()
      .post('/api/v1/branches')
      .set('Authorization', admin.auth)
      .send({ name: 'Staff test branch', timezone: 'Europe/Moscow', callCenterHours: [{ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }] });
    expect(branch.status).toBe(201);
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set('Authorization', admin.auth)
      .send({
        email: 'Olga.Op@Clinic.Example',
        password: 'a-long-password-1',
        fullName: 'Olga Op',
        role: 'operator',
        branchIds: [branch.body.id],
        extension: '201',
        capacity: 3,
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'olga.op@clinic.example',
      role: 'operator',
      branchIds: [branch.body.id],
      extension: '201',
      capacity: 3,
      active: true,
    });
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');

    for (let i = 0; i < 3; i++) await createStaff(t, 'receptionist');
    const first = await t.http().get('/api/v1/staff?limit=2&role=receptionist').set('Authorization', admin.auth);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    const second = await t.http().get(`/api/v1/staff?limit=2&role=receptionist&cursor=${first.body.nextCursor}`).set('Authorization', admin.auth);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.data, ...second.body.data].map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(3);
    expect(
      (await t.http().get(`/api/v1/staff?branchId=${branch.body.id}`).set('Authorization', admin.auth)).body.data.map((s: { id: string }) => s.id),
    ).toEqual([created.body.id]);
  });

  it('audits staff changes and role changes by field name, without personal values', async () => {
    const staff = await createStaff(t, 'operator');
    const res = await t.http().patch(`/api/v1/staff/${staff.id}`).set('Authorization', admin.auth).send({ role: 'manager', fullName: 'Renamed Person' });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('manager');
    const { rows } = await t.db.query(
      `SELECT action, actor_id, fields, to_jsonb(a)::text AS raw FROM audit_events a WHERE entity = 'staff_user' AND entity_id = $1 ORDER BY id`,
      [staff.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['staff.created', 'staff.role_changed']);
    expect(rows[1].actor_id).toBe(admin.id);
    expect(rows[1].fields.sort()).toEqual(['fullName', 'role']);
    for (const row of rows) {
      expect(row.raw).not.toContain('Renamed Person');
      expect(row.raw).not.toContain(staff.email);
    }
  });

  it('ends the sessions of someone whose role changed', async () => {
    const operator = await signedIn(t, 'operator');
    await t.http().patch(`/api/v1/staff/${operator.id}`).set('Authorization', admin.auth).send({ role: 'receptionist' });
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', operator.auth)).status).toBe(401);
  });

  it('refuses to demote or deactivate the last active admin', async () => {
    const { rows } = await t.db.query(`SELECT id FROM staff_users WHERE role = 'admin' AND active`);
    for (const row of rows.filter((r) => r.id !== admin.id)) {
      expect((await t.http().patch(`/api/v1/staff/${row.id}`).set('Authorization', admin.auth).send({ active: false })).status).toBe(200);
    }
    const demote = await t.http().patch(`/api/v1/staff/${admin.id}`).set('Authorization', admin.auth).send({ role: 'manager' });
    expect(demote.status).toBe(409);
    const deactivate = await t.http().patch(`/api/v1/staff/${admin.id}`).set('Authorization', admin.auth).send({ active: false });
    expect(deactivate.status).toBe(409);
  });

  it('validates staff input', async () => {
    const res = await t
      .http()
      .post('/api/v1/staff')
      .set('Authorization', admin.auth)
      .send({ email: 'person@clinic.example', password: 'short', fullName: '', role: 'superuser' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['fullName', 'password', 'role']);
  });

  it('keeps branches with a valid IANA time zone and sane call-center hours', async () => {
    const bad = await t.http().post('/api/v1/branches').set('Authorization', admin.auth).send({ name: 'Nowhere', timezone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'timezone', messages: [expect.stringContaining('IANA')] }]);
    const inverted = await t
      .http()
      .post('/api/v1/branches')
      .set('Authorization', admin.auth)
      .send({ name: 'Inverted', timezone: 'Asia/Yekaterinburg', callCenterHours: [{ weekdays: [1], start: '18:00', end: '09:00' }] });
    expect(inverted.status).toBe(400);
    const badPhone = await t.http().post('/api/v1/branches').set('Authorization', admin.auth).send({ name: 'Phone', timezone: 'UTC', phone: '8 912' });
    expect(badPhone.status).toBe(400);

    const ok = await t
      .http()
      .post('/api/v1/branches')
      .set('Authorization', admin.auth)
      .send({
        name: 'Yekaterinburg',
        address: 'Lenina 1',
        phone: '+73432000000',
        timezone: 'Asia/Yekaterinburg',
        callCenterHours: [{ weekdays: [5, 1], start: '08:00', end: '20:00' }],
      });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ timezone: 'Asia/Yekaterinburg', callCenterHours: [{ weekdays: [1, 5], start: '08:00', end: '20:00' }], active: true });
    const dup = await t.http().post('/api/v1/branches').set('Authorization', admin.auth).send({ name: 'Yekaterinburg', timezone: 'UTC' });
    expect(dup.status).toBe(409);

    const moved = await t.http().patch(`/api/v1/branches/${ok.body.id}`).set('Authorization', admin.auth).send({ timezone: 'Europe/Berlin' });
    expect(moved.status).toBe(200);
    expect(moved.body.timezone).toBe('Europe/Berlin');
    const operator = await signedIn(t, 'operator');
    const list = await t.http().get('/api/v1/branches').set('Authorization', operator.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((b: { name: string }) => b.name)).toContain('Yekaterinburg');
  });
});
