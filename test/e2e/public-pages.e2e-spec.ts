import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createBranch } from '../factories/doctor.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** What the public pages read without signing in: what a withdrawal link withdraws, and the clinic's branches. */
describe('public pages', () => {
  let t: TestApp;
  let admin: SignedIn;
  let form: TestSource;
  let documentId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false', PUBLIC_RATE_LIMIT: '12' } });
    admin = await signedIn(t, 'admin');
    documentId = (await publishedDocument(t, admin, 'personal_data', { title: 'Согласие на обработку персональных данных', version: '2026-7' })).id;
    form = await createSource(t, admin, 'web_form', 'website');
  });
  afterAll(async () => t.close());

  it('shows what a withdrawal link withdraws, and the same answer once withdrawn; no one else’s data', async () => {
    const intake = await t
      .http()
      .post('/api/v1/public/intake/web-form')
      .set('X-Intake-Key', form.key)
      .send(webForm(documentId, { name: 'Зоя Отзывающая', phone: '+79170000777', email: 'zoya@example.ru' }));
    expect(intake.status).toBe(201);
    const token = intake.body.consentWithdrawalToken as string;
    const preview = await t.http().get('/api/v1/public/consents/withdrawal').query({ token });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      kind: 'personal_data',
      documentTitle: 'Согласие на обработку персональных данных',
      documentVersion: '2026-7',
      grantedAt: expect.any(String),
      withdrawnAt: null,
    });
    expect(preview.text).not.toMatch(/Зоя|79170000777|zoya/);

    expect((await t.http().post('/api/v1/public/consents/withdraw').send({ token })).status).toBe(200);
    const after = await t.http().get('/api/v1/public/consents/withdrawal').query({ token });
    expect(Object.keys(after.body).sort()).toEqual(Object.keys(preview.body).sort());
    expect(after.body).toMatchObject({ grantedAt: preview.body.grantedAt, withdrawnAt: expect.any(String) });

    const unknown = await t
      .http()
      .get('/api/v1/public/consents/withdrawal')
      .query({ token: 'x'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await t.http().get('/api/v1/public/consents/withdrawal').query({ token: 'short' })).status).toBe(400);
  });

  it('takes the lead of a person who withdrew by the link out of operators’ queues, telling them by its id alone', async () => {
    const operator = await signedIn(t, 'operator');
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    try {
      const intake = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { name: 'Олег Передумавший', phone: '+79170000778' }));
      const leadId = intake.body.id as string;
      await socket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === leadId);
      expect((await t.http().post('/api/v1/public/consents/withdraw').send({ token: intake.body.consentWithdrawalToken })).status).toBe(200);
      const restricted = await socket.waitFor((e) => e.type === 'lead.restricted' && e.data.leadId === leadId);
      expect(restricted.data).toEqual({ leadId });
      const queue = await t.http().get('/api/v1/me/queue').set('Authorization', operator.auth);
      expect(queue.status).toBe(200);
      expect(JSON.stringify(queue.body)).not.toContain(leadId);
    } finally {
      socket.close();
    }
  });

  it('limits how often one address may look tokens up', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++)
      statuses.push(
        (
          await t
            .http()
            .get('/api/v1/public/consents/withdrawal')
            .query({ token: `guess-${i}-${'y'.repeat(30)}` })
        ).status,
      );
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 404)).toBe(true);
  });

  it('lists the active branches with address and time zone, without signing in', async () => {
    const id = await createBranch(t, 'Europe/Samara');
    const res = await t.http().get('/api/v1/public/branches');
    expect(res.status).toBe(200);
    expect(res.body.data.find((b: { id: string }) => b.id === id)).toEqual({
      id,
      name: expect.stringMatching(/^Branch /),
      address: expect.any(String),
      phone: null,
      timezone: 'Europe/Samara',
    });
    await t.http().patch(`/api/v1/branches/${id}`).set('Authorization', admin.auth).send({ active: false });
    expect((await t.http().get('/api/v1/public/branches')).body.data.map((b: { id: string }) => b.id)).not.toContain(id);
  });
});
