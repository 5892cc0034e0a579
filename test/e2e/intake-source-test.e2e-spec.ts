import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * "Send a test inquiry": an admin checks a source, and an inquiry comes through the source's own public path (its
 * address, secret and signature), marked as a test, into the operators' queue.
 */
describe('intake sources: a test inquiry through the source’s own path', () => {
  let t: TestApp;
  let admin: SignedIn;
  let operator: SignedIn;

  const test = (id: string, who: SignedIn = admin) => t.http().post(`/api/v1/intake-sources/${id}/test`).set('Authorization', who.auth).send();
  const lead = async (id: string) => (await t.db.query(`SELECT source_id, channel, message, status FROM leads WHERE id = $1`, [id])).rows[0];
  const inQueue = async (leadId: string) => {
    const queue = await t.http().get('/api/v1/me/queue').set('Authorization', operator.auth);
    return JSON.stringify(queue.body).includes(leadId);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    operator = await signedIn(t, 'operator');
  });
  afterAll(async () => t.close());

  it('sends a website form inquiry with the source’s key once a consent text is published, into the operators’ queue', async () => {
    const form = await createSource(t, admin, 'web_form', 'website');
    const refused = await test(form.id);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
    await publishedDocument(t, admin);
    const res = await test(form.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sourceId: form.id, kind: 'web_form', path: '/public/intake/web-form', leadId: expect.any(String) });
    expect(await lead(res.body.leadId)).toMatchObject({
      source_id: form.id,
      channel: 'website',
      status: 'new',
      message: expect.stringMatching(/^Тестовое обращение.*Test inquiry/),
    });
    expect(await inQueue(res.body.leadId)).toBe(true);
    const audit = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'intake_source.tested' AND entity_id = $1`, [form.id]);
    expect(audit.rows).toEqual([{ actor_id: admin.id }]);
  });

  it('goes through Tilda’s address with the key, VK’s and Telegram’s with their secrets, and the PBX’s signed events', async () => {
    const tilda = await createSource(t, admin, 'tilda', 'website');
    const viaTilda = await test(tilda.id);
    expect(viaTilda.status).toBe(200);
    // The answer names the path without the key, which is shown only once.
    expect(viaTilda.body.path).toBe('/public/intake/tilda/{key}');
    expect(await lead(viaTilda.body.leadId)).toMatchObject({ source_id: tilda.id, message: expect.stringContaining('Тестовое обращение') });

    const vk = await createSource(t, admin, 'vk', 'vk', { settings: { confirmationCode: 'abc123', groupId: '1234' } });
    const withoutSecret = await test(vk.id);
    expect(withoutSecret.status).toBe(422);
    expect(withoutSecret.body.error.message).toMatch(/secret/);
    await t
      .http()
      .patch(`/api/v1/intake-sources/${vk.id}`)
      .set('Authorization', admin.auth)
      .send({ settings: { secret: 'vk-callback-secret' } });
    const viaVk = await test(vk.id);
    expect(viaVk.status).toBe(200);
    expect(await lead(viaVk.body.leadId)).toMatchObject({ source_id: vk.id, channel: 'vk', message: expect.stringContaining('Тестовое обращение') });

    const telegram = await createSource(t, admin, 'telegram', 'telegram', { settings: { secretToken: 'tg-secret_1' } });
    const viaTelegram = await test(telegram.id);
    expect(viaTelegram.status).toBe(200);
    expect(await lead(viaTelegram.body.leadId)).toMatchObject({ source_id: telegram.id, channel: 'telegram' });

    const pbx = await createSource(t, admin, 'telephony', 'phone');
    const viaPbx = await test(pbx.id);
    expect(viaPbx.status).toBe(200);
    expect(await lead(viaPbx.body.leadId)).toMatchObject({ source_id: pbx.id, channel: 'phone' });
    const calls = await t.db.query(`SELECT direction FROM calls WHERE source_id = $1`, [pbx.id]);
    expect(calls.rows).toEqual([{ direction: 'inbound' }]);
    for (const id of [viaTilda.body.leadId, viaVk.body.leadId, viaTelegram.body.leadId, viaPbx.body.leadId]) expect(await inQueue(id)).toBe(true);
  });

  it('says why a source cannot be tested: manual, turned off, or a key the endpoint no longer accepts', async () => {
    const manual = await createSource(t, admin, 'manual', 'other');
    expect((await test(manual.id)).status).toBe(422);
    const off = await createSource(t, admin, 'web_form', 'website');
    await t.http().patch(`/api/v1/intake-sources/${off.id}`).set('Authorization', admin.auth).send({ active: false });
    const res = await test(off.id);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/turned off/);
    expect((await test('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await test(manual.id, operator)).status).toBe(403);
  });

  it('shows each source’s webhook address: VK, Telegram and the PBX by id, Tilda’s with the key when it is shown', async () => {
    const vk = await createSource(t, admin, 'vk', 'vk');
    const list = (await t.http().get('/api/v1/intake-sources').set('Authorization', admin.auth)).body.data as Array<{
      id: string;
      kind: string;
      webhookPath: string | null;
    }>;
    expect(list.find((s) => s.id === vk.id)!.webhookPath).toBe(`/api/v1/public/intake/vk/${vk.id}`);
    const created = await t
      .http()
      .post('/api/v1/intake-sources')
      .set('Authorization', admin.auth)
      .send({ kind: 'tilda', name: 'Tilda landing', channel: 'website' });
    expect(created.body.webhookPath).toBe(`/api/v1/public/intake/tilda/${created.body.key}`);
    expect((await t.http().get(`/api/v1/intake-sources/${created.body.id}`).set('Authorization', admin.auth)).body.webhookPath).toBe(
      '/api/v1/public/intake/tilda/{key}',
    );
    const rotated = await t.http().post(`/api/v1/intake-sources/${created.body.id}/rotate-key`).set('Authorization', admin.auth);
    expect(rotated.body.webhookPath).toBe(`/api/v1/public/intake/tilda/${rotated.body.key}`);
  });
});
