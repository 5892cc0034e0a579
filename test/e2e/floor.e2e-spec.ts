import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uniquePhone } from '../factories/call.factory.js';
import { publishedDocument } from '../factories/consent.factory.js';
import { createBranch } from '../factories/doctor.factory.js';
import { createSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('the live floor', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
  });
  afterAll(async () => t.close());

  it('shows a manager who is online and the queue and today’s missed deadlines of their branches only', async () => {
    const [a, b] = [await createBranch(t), await createBranch(t)];
    const managerA = await signedIn(t, 'manager', { branchIds: [a] });
    const operatorA = await signedIn(t, 'operator', { branchIds: [a] });
    const operatorB = await signedIn(t, 'operator', { branchIds: [b] });
    expect((await t.http().put('/api/v1/me/presence').set('Authorization', operatorA.auth).send({ status: 'available' })).status).toBe(200);
    expect((await t.http().put('/api/v1/me/presence').set('Authorization', operatorB.auth).send({ status: 'busy' })).status).toBe(200);
    const document = await publishedDocument(t, admin);
    const sourceA = await createSource(t, admin, 'web_form', 'website', { branchId: a });
    const sourceB = await createSource(t, admin, 'web_form', 'website', { branchId: b });
    const inquire = async (key: string) =>
      (
        await t
          .http()
          .post('/api/v1/public/intake/web-form')
          .set('X-Intake-Key', key)
          .send(webForm(document.id, { phone: uniquePhone() }))
      ).body.id as string;
    const older = await inquire(sourceA.key);
    await inquire(sourceA.key);
    const breached = await inquire(sourceA.key);
    await inquire(sourceB.key);
    await t.db.query(`UPDATE leads SET created_at = now() - interval '3 minutes' WHERE id = $1`, [older]);
    await t.db.query(`UPDATE leads SET status = 'lost', lost_reason = 'x', sla_breached = true WHERE id = $1`, [breached]);
    // A restricted person waits in no queue.
    const restricted = await inquire(sourceA.key);
    const {
      rows: [{ patient_id: restrictedPatient }],
    } = await t.db.query(`SELECT patient_id FROM leads WHERE id = $1`, [restricted]);
    await t.http().post(`/api/v1/patients/${restrictedPatient}/restrict`).set('Authorization', managerA.auth).send({ reason: 'other' });

    const floor = await t.http().get('/api/v1/floor').set('Authorization', managerA.auth);
    expect(floor.status).toBe(200);
    expect(floor.body.branches.map((x: { branchId: string | null }) => x.branchId)).toEqual([a, null]);
    expect(floor.body.branches[0]).toMatchObject({ branchId: a, queue: 2, leadsToday: 4, breachesToday: 1 });
    const {
      rows: [{ created_at: olderAt }],
    } = await t.db.query(`SELECT created_at FROM leads WHERE id = $1`, [older]);
    expect(new Date(floor.body.branches[0].oldestWaitingSince).getTime()).toBe(olderAt.getTime());
    const staff = floor.body.staff as { id: string; status: string }[];
    expect(staff.find((s) => s.id === operatorA.id)).toMatchObject({ status: 'available' });
    expect(staff.map((s) => s.id)).not.toContain(operatorB.id);

    const all = await t.http().get('/api/v1/floor').set('Authorization', admin.auth);
    expect(all.body.branches.find((x: { branchId: string }) => x.branchId === b)).toMatchObject({ queue: 1, leadsToday: 1 });
    expect(all.body.staff.find((s: { id: string }) => s.id === operatorB.id)).toMatchObject({ status: 'busy' });
    expect((await t.http().get('/api/v1/floor').set('Authorization', operatorA.auth)).status).toBe(403);
  });
});
