import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const count = async (t: TestApp, table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

describe('intake from every channel', () => {
  let t: TestApp;
  let admin: SignedIn;
  let form: TestSource;
  let documentId: string;
  let operatorSocket: TestSocket;
  let reception: SignedIn;
  let receptionSocket: TestSocket;

  beforeAll(async () => {
    // Every submission here comes from one address: the per-address limit has its own test below.
    t = await startTestApp({ env: { PUBLIC_RATE_LIMIT: '1000' } });
    admin = await signedIn(t, 'admin');
    documentId = (await publishedDocument(t, admin)).id;
    form = await createSource(t, admin, 'web_form', 'website');
    operatorSocket = await connectSocket(t.baseUrl, { token: (await signedIn(t, 'operator')).accessToken });
    reception = await signedIn(t, 'receptionist');
    receptionSocket = await connectSocket(t.baseUrl, { token: reception.accessToken });
  });
  afterAll(async () => {
    operatorSocket.close();
    receptionSocket.close();
    await t.close();
  });

  describe('web form', () => {
    it('refuses a submission without accepted consent and stores nothing at all', async () => {
      const before = await Promise.all(['leads', 'patients', 'consents', 'events', 'intake_deliveries'].map((table) => count(t, table)));
      for (const consent of [undefined, { documentId, accepted: false }, { documentId: '6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c', accepted: true }]) {
        const res = await t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', form.key).send(webForm(documentId, { consent }));
        expect([400, 422]).toContain(res.status);
        if (consent) expect(res.body.error.code).toBe('CONSENT_REQUIRED');
      }
      const after = await Promise.all(['leads', 'patients', 'consents', 'events', 'intake_deliveries'].map((table) => count(t, table)));
      expect(after).toEqual(before);
    });

    it('creates a lead with an E.164 phone, UTM, recorded consent, and pushes it to operators only', async () => {
      const res = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .set('User-Agent', 'Mozilla/5.0 test')
        .send(webForm(documentId));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), status: 'new', consentWithdrawalToken: expect.any(String) });
      const {
        rows: [lead],
      } = await t.db.query(
        `SELECT l.channel, l.utm_source, l.utm_campaign, l.consent_status, l.landing_url, p.phone, p.first_name FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.id = $1`,
        [res.body.id],
      );
      expect(lead).toEqual({
        channel: 'website',
        utm_source: 'yandex',
        utm_campaign: 'implants-autumn',
        consent_status: 'given',
        landing_url: 'https://clinic.example/implants',
        phone: '+79123456789',
        first_name: 'Анна Иванова',
      });
      const { rows: consents } = await t.db.query(`SELECT channel, host(ip) AS ip, user_agent, form_url FROM consents WHERE lead_id = $1`, [res.body.id]);
      expect(consents).toEqual([{ channel: 'web_form', ip: '127.0.0.1', user_agent: 'Mozilla/5.0 test', form_url: 'https://clinic.example/implants' }]);

      const pushed = await operatorSocket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === res.body.id);
      expect(pushed.data).toMatchObject({ channel: 'website', phone: '+79123456789', status: 'new' });
      // Delivery is in id order: once the receptionist has a later event, the lead's would have arrived.
      await receptionSocket.waitForId(await publishEvent(t, 'lead.updated', { users: [reception.id] }));
      expect(receptionSocket.events.some((e) => e.data?.leadId === res.body.id)).toBe(false);
    });

    it('records the separate marketing consent only when it was ticked', async () => {
      const marketing = await publishedDocument(t, admin, 'marketing');
      const withMarketing = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '+79123450001', marketingConsent: { documentId: marketing.id, accepted: true } }));
      const without = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '+79123450002', marketingConsent: { documentId: marketing.id, accepted: false } }));
      const kinds = async (leadId: string) =>
        (await t.db.query(`SELECT document_kind FROM consents WHERE lead_id = $1 ORDER BY document_kind`, [leadId])).rows.map((r) => r.document_kind);
      expect(await kinds(withMarketing.body.id)).toEqual(['marketing', 'personal_data']);
      expect(await kinds(without.body.id)).toEqual(['personal_data']);
    });

    it('refuses an old key at once after rotation, and every key of a deactivated source', async () => {
      const own = await createSource(t, admin, 'web_form', 'website');
      const submit = (key: string, phone: string) =>
        t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', key).send(webForm(documentId, { phone }));
      // Many deliveries at once fill the source cache with one shared read.
      expect((await Promise.all([1, 2, 3, 4].map((i) => submit(own.key, `+7912345010${i}`)))).map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const rotated = await t.http().post(`/api/v1/intake-sources/${own.id}/rotate-key`).set('Authorization', admin.auth);
      expect((await submit(own.key, '+79123450105')).status).toBe(401);
      expect((await submit(rotated.body.key, '+79123450106')).status).toBe(201);
      await t.http().patch(`/api/v1/intake-sources/${own.id}`).set('Authorization', admin.auth).send({ active: false }).expect(200);
      expect((await submit(rotated.body.key, '+79123450107')).status).toBe(401);
    });

    it('audits the delivery and each consent it recorded, under the request id and without personal data', async () => {
      const marketing = await publishedDocument(t, admin, 'marketing');
      const res = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .set('X-Request-Id', 'intake-audit-0001')
        .send(webForm(documentId, { phone: '+79123450005', marketingConsent: { documentId: marketing.id, accepted: true } }));
      expect(res.status).toBe(201);
      const { rows: consents } = await t.db.query(`SELECT id, document_kind FROM consents WHERE lead_id = $1`, [res.body.id]);
      const consentOf = (kind: string) => consents.find((c) => c.document_kind === kind)!.id;
      const { rows } = await t.db.query(
        `SELECT action, entity, entity_id, fields, actor_id, host(ip) AS ip FROM audit_events WHERE request_id = 'intake-audit-0001' ORDER BY action, entity_id`,
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            action: 'consent.recorded',
            entity: 'consent',
            entity_id: consentOf('personal_data'),
            fields: ['personal_data', 'web_form'],
            actor_id: null,
            ip: '127.0.0.1',
          },
          {
            action: 'consent.recorded',
            entity: 'consent',
            entity_id: consentOf('marketing'),
            fields: ['marketing', 'web_form'],
            actor_id: null,
            ip: '127.0.0.1',
          },
          { action: 'lead.received', entity: 'lead', entity_id: res.body.id, fields: ['web_form'], actor_id: null, ip: '127.0.0.1' },
        ]),
      );
      expect(rows).toHaveLength(3);
    });

    it('answers 400 with field errors for a bad phone, 401 for an unknown key, 413 over 16 KB', async () => {
      const bad = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '12-34' }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual([{ field: 'phone', messages: [expect.any(String)] }]);
      expect((await t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', 'nope').send(webForm(documentId))).status).toBe(401);
      expect((await t.http().post('/api/v1/public/intake/web-form').send(webForm(documentId))).status).toBe(401);
      const big = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { message: 'x'.repeat(17 * 1024) }));
      expect(big.status).toBe(413);
    });

    it('gives one lead and one push for the same delivery sent many times at once', async () => {
      const body = webForm(documentId, { phone: '+79123450003' });
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', form.key).set('Idempotency-Key', 'submission-42').send(body),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const id = results[0]!.body.id;
      expect((await t.db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'lead.created' AND payload->>'leadId' = $1`, [id])).rows[0].n).toBe(1);
      const byExternalId = await Promise.all(
        [1, 2].map(() =>
          t
            .http()
            .post('/api/v1/public/intake/web-form')
            .set('X-Intake-Key', form.key)
            .send(webForm(documentId, { phone: '+79123450004', externalId: 'crm-77' })),
        ),
      );
      expect(byExternalId[0]!.body.id).toBe(byExternalId[1]!.body.id);
    });
  });

  describe('patients behind leads', () => {
    it('reuses the patient for the same phone and a compatible name, and suggests a duplicate for another name', async () => {
      const first = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '+79220000001', name: 'Ольга Петрова' }));
      const again = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '8 922 000-00-01', name: 'Ольга' }));
      const daughter = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '+79220000001', name: 'Мария Петрова' }));
      const manager = await signedIn(t, 'manager');
      const card = async (id: string) => (await t.http().get(`/api/v1/leads/${id}`).set('Authorization', manager.auth)).body;
      const [a, b, c] = [await card(first.body.id), await card(again.body.id), await card(daughter.body.id)];
      expect(b.patientId).toBe(a.patientId);
      expect([a.returningPatient, b.returningPatient]).toEqual([false, true]);
      expect(c.patientId).not.toBe(a.patientId);
      expect(c.returningPatient).toBe(false);
      const dups = await t.http().get(`/api/v1/patients/${c.patientId}/duplicates`).set('Authorization', manager.auth);
      expect(dups.body.data).toEqual([expect.objectContaining({ candidateId: a.patientId, reason: 'same_phone' })]);

      // A manager decides they are the same person after all: leads move, the merged record points to the kept one.
      const merge = await t.http().post(`/api/v1/patients/${c.patientId}/merge`).set('Authorization', manager.auth).send({ intoPatientId: a.patientId });
      expect(merge.status).toBe(200);
      expect(merge.body.moved['leads.patient_id']).toBe(1);
      expect((await card(daughter.body.id)).patientId).toBe(a.patientId);
      const { rows } = await t.db.query(`SELECT merged_into_id FROM patients WHERE id = $1`, [c.patientId]);
      expect(rows[0].merged_into_id).toBe(a.patientId);
      expect((await t.http().get(`/api/v1/patients/${c.patientId}/duplicates`).set('Authorization', manager.auth)).body.data).toEqual([]);
    });

    it("gives consent from a returning person's web form to their earlier lead that was waiting for it", async () => {
      const operator = await signedIn(t, 'operator');
      const call = await t
        .http()
        .post('/api/v1/leads')
        .set('Authorization', operator.auth)
        .send({ name: 'Ирина Соколова', phone: '+79220000002', channel: 'phone' });
      expect(call.body.consentStatus).toBe('pending');
      const res = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { phone: '+79220000002', name: 'Ирина Соколова' }));
      expect(res.status).toBe(201);
      const { rows } = await t.db.query(`SELECT id, consent_status, returning_patient FROM leads WHERE id IN ($1, $2)`, [call.body.id, res.body.id]);
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: call.body.id, consent_status: 'given', returning_patient: false },
          { id: res.body.id, consent_status: 'given', returning_patient: true },
        ]),
      );
    });
  });

  describe('Tilda', () => {
    let tilda: TestSource;
    beforeAll(async () => {
      tilda = await createSource(t, admin, 'tilda', 'website');
    });

    it('answers its connection test with ok and stores nothing', async () => {
      const before = await count(t, 'leads');
      const res = await t.http().post(`/api/v1/public/intake/tilda/${tilda.key}`).type('form').send({ test: 'test' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('ok');
      expect(await count(t, 'leads')).toBe(before);
    });

    it('turns a form-encoded submission into one lead, once per tranid', async () => {
      const payload = {
        Name: 'Пётр',
        Phone: '+7 (912) 555-44-33',
        Comments: 'Перезвоните',
        Checkbox: 'yes',
        tranid: '3984756:1029384',
        formid: 'form9988',
        utm_source: 'vk',
        utm_campaign: 'spring',
      };
      const [a, b] = await Promise.all([1, 2].map(() => t.http().post(`/api/v1/public/intake/tilda/${tilda.key}`).type('form').send(payload)));
      expect([a!.status, b!.status]).toEqual([200, 200]);
      expect(a!.text).toBe('ok');
      const { rows } = await t.db.query(
        `SELECT l.external_id, l.utm_source, l.utm_campaign, l.consent_status, p.phone FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.source_id = $1`,
        [tilda.id],
      );
      expect(rows).toEqual([{ external_id: '3984756:1029384', utm_source: 'vk', utm_campaign: 'spring', consent_status: 'given', phone: '+79125554433' }]);
    });

    it('refuses an unknown key and a web-form key', async () => {
      const unknown = await t.http().post('/api/v1/public/intake/tilda/not-a-key').type('form').send({ test: 'test' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error.code).toBe('UNAUTHENTICATED');
      expect((await t.http().post(`/api/v1/public/intake/tilda/${form.key}`).type('form').send({ test: 'test' })).status).toBe(401);
    });
  });

  describe('VKontakte', () => {
    let vk: TestSource;
    const settings = { confirmationCode: 'a1b2c3d4', secret: 'vk-callback-secret', groupId: '212345' };
    beforeAll(async () => {
      vk = await createSource(t, admin, 'vk', 'vk', { settings });
    });
    const send = (body: Record<string, unknown>) =>
      t
        .http()
        .post(`/api/v1/public/intake/vk/${vk.id}`)
        .send({ group_id: 212345, secret: settings.secret, ...body });

    it('answers confirmation with the confirmation string and never shows the secret again', async () => {
      const res = await send({ type: 'confirmation' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('a1b2c3d4');
      const view = await t.http().get(`/api/v1/intake-sources/${vk.id}`).set('Authorization', admin.auth);
      expect(view.body.settings).toEqual({ confirmationCode: 'a1b2c3d4', groupId: '212345' });
    });

    it('takes the community id as a number too, as VK shows and sends it', async () => {
      const numeric = await createSource(t, admin, 'vk', 'vk', { settings: { confirmationCode: 'n1n2n3', secret: 'vk-numeric-secret', groupId: 212346 } });
      const view = await t.http().get(`/api/v1/intake-sources/${numeric.id}`).set('Authorization', admin.auth);
      expect(view.body.settings).toEqual({ confirmationCode: 'n1n2n3', groupId: '212346' });
      const confirm = await t
        .http()
        .post(`/api/v1/public/intake/vk/${numeric.id}`)
        .send({ type: 'confirmation', group_id: 212346, secret: 'vk-numeric-secret' });
      expect(confirm.text).toBe('n1n2n3');
      for (const groupId of [-5, 1.5, true, '12a']) {
        const res = await t
          .http()
          .post('/api/v1/intake-sources')
          .set('Authorization', admin.auth)
          .send({ kind: 'vk', channel: 'vk', name: 'Bad VK', settings: { groupId } });
        expect(res.status).toBe(400);
      }
    });

    it('rejects a wrong or missing secret', async () => {
      expect((await send({ type: 'message_new', secret: 'guess', object: { message: { id: 1, from_id: 5, text: 'x' } } })).status).toBe(401);
      expect((await t.http().post(`/api/v1/public/intake/vk/${vk.id}`).send({ type: 'confirmation', group_id: 212345 })).status).toBe(401);
    });

    it('turns messages into a lead waiting for consent, and extends it with the next message', async () => {
      const first = await send({ type: 'message_new', event_id: 'evt-1', object: { message: { id: 10, from_id: 5550001, text: 'Сколько стоит чистка?' } } });
      expect(first.text).toBe('ok');
      const repeat = await send({ type: 'message_new', event_id: 'evt-1', object: { message: { id: 10, from_id: 5550001, text: 'Сколько стоит чистка?' } } });
      expect(repeat.text).toBe('ok');
      await send({ type: 'message_new', event_id: 'evt-2', object: { message: { id: 11, from_id: 5550001, text: 'И можно в субботу?' } } });
      const { rows } = await t.db.query(`SELECT channel, consent_status, messenger_user_id, message FROM leads WHERE source_id = $1`, [vk.id]);
      expect(rows).toEqual([{ channel: 'vk', consent_status: 'pending', messenger_user_id: '5550001', message: 'Сколько стоит чистка?\nИ можно в субботу?' }]);
    });

    it('turns a lead form into a lead with the phone from its answers', async () => {
      const res = await send({
        type: 'lead_forms_new',
        event_id: 'evt-form-1',
        object: {
          lead_id: 901,
          group_id: 212345,
          user_id: 5550002,
          form_id: 1,
          form_name: 'Запись',
          answers: [
            { key: 'first_name', question: 'Имя', answer: 'Ирина' },
            { key: 'phone_number', question: 'Телефон', answer: '8 912 777 66 55' },
          ],
        },
      });
      expect(res.text).toBe('ok');
      const { rows } = await t.db.query(
        `SELECT p.phone, p.first_name FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.source_id = $1 AND l.messenger_user_id = '5550002'`,
        [vk.id],
      );
      expect(rows).toEqual([{ phone: '+79127776655', first_name: 'Ирина' }]);
    });

    it('stores a lead form whose phone is not a number, keeping what was typed for the operator, and answers ok so VK stops retrying', async () => {
      const delivery = {
        type: 'lead_forms_new',
        event_id: 'evt-form-bad-phone',
        object: {
          lead_id: 902,
          group_id: 212345,
          user_id: 5550003,
          form_id: 1,
          form_name: 'Запись',
          answers: [
            { key: 'first_name', question: 'Имя', answer: 'Пётр' },
            { key: 'phone_number', question: 'Телефон', answer: 'звоните после 18, 912-77' },
          ],
        },
      };
      const res = await send(delivery);
      expect([res.status, res.text]).toEqual([200, 'ok']);
      expect((await send(delivery)).text).toBe('ok'); // a retry changes nothing
      const { rows } = await t.db.query(
        `SELECT p.phone, p.first_name, l.message FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.source_id = $1 AND l.messenger_user_id = '5550003'`,
        [vk.id],
      );
      expect(rows).toEqual([
        { phone: null, first_name: 'Пётр', message: 'Запись\nPhone as entered, not a valid number (check it with the person): звоните после 18, 912-77' },
      ]);
    });
  });

  describe('Telegram', () => {
    let telegram: TestSource;
    beforeAll(async () => {
      telegram = await createSource(t, admin, 'telegram', 'telegram', { settings: { secretToken: 'tg-secret-token_1' } });
    });
    const send = (update: Record<string, unknown>, token = 'tg-secret-token_1') =>
      t.http().post(`/api/v1/public/intake/telegram/${telegram.id}`).set('X-Telegram-Bot-Api-Secret-Token', token).send(update);

    it('rejects a wrong secret token', async () => {
      expect((await send({ update_id: 1, message: { from: { id: 1, first_name: 'X' }, text: 'hi' } }, 'wrong')).status).toBe(401);
    });

    it('makes a lead from a message, once per update, and adds the phone when the contact is shared', async () => {
      const update = {
        update_id: 7001,
        message: {
          message_id: 1,
          date: 1790000000,
          chat: { id: 4242 },
          from: { id: 4242, first_name: 'Светлана', username: 'sveta' },
          text: 'Здравствуйте, хочу записаться',
        },
      };
      expect((await send(update)).status).toBe(200);
      expect((await send(update)).status).toBe(200);
      const shared = {
        update_id: 7002,
        message: {
          message_id: 2,
          date: 1790000010,
          chat: { id: 4242 },
          from: { id: 4242, first_name: 'Светлана' },
          contact: { phone_number: '79161234567', first_name: 'Светлана', user_id: 4242 },
        },
      };
      expect((await send(shared)).status).toBe(200);
      const { rows } = await t.db.query(`SELECT l.messenger_username, l.consent_status, l.message FROM leads l WHERE l.source_id = $1`, [telegram.id]);
      expect(rows).toEqual([{ messenger_username: 'sveta', consent_status: 'pending', message: 'Здравствуйте, хочу записаться' }]);
    });
  });

  describe('names as given', () => {
    const WHOLE = 'Иванова Анна Сергеевна';
    const nameOf = async (leadId: string) =>
      (await t.db.query(`SELECT p.last_name, p.first_name, p.middle_name FROM leads l JOIN patients p ON p.id = l.patient_id WHERE l.id = $1`, [leadId]))
        .rows[0];
    const latestOf = async (sourceId: string) =>
      (await t.db.query(`SELECT id FROM leads WHERE source_id = $1 ORDER BY created_at DESC LIMIT 1`, [sourceId])).rows[0].id as string;
    const whole = { last_name: null, first_name: WHOLE, middle_name: null };
    const apart = { last_name: 'Иванова', first_name: 'Анна', middle_name: 'Сергеевна' };

    it('keeps a name sent in one field whole on every path, with no guess at which word is the last name', async () => {
      const web = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { name: WHOLE, phone: '+79160007001' }));
      expect(await nameOf(web.body.id)).toEqual(whole);
      const tilda = await createSource(t, admin, 'tilda', 'website');
      await t.http().post(`/api/v1/public/intake/tilda/${tilda.key}`).type('form').send({ Name: WHOLE, Phone: '+79160007002', tranid: 'names:1' }).expect(200);
      expect(await nameOf(await latestOf(tilda.id))).toEqual(whole);
      const manager = await signedIn(t, 'manager');
      const manual = await t.http().post('/api/v1/leads').set('Authorization', manager.auth).send({ name: WHOLE, phone: '+79160007003', channel: 'phone' });
      expect(await nameOf(manual.body.id)).toEqual(whole);
    });

    it('keeps the parts apart when the form sends them apart: web form, Tilda, VK lead forms, Telegram', async () => {
      const { name: _name, ...withoutName } = webForm(documentId, { phone: '+79160007011' });
      const web = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send({ ...withoutName, lastName: 'Иванова', firstName: 'Анна', middleName: 'Сергеевна' });
      expect(web.status).toBe(201);
      expect(await nameOf(web.body.id)).toEqual(apart);
      const { name: _n, ...nameless } = webForm(documentId, { phone: '+79160007012' });
      expect((await t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', form.key).send(nameless)).status).toBe(400);

      const tilda = await createSource(t, admin, 'tilda', 'website');
      await t
        .http()
        .post(`/api/v1/public/intake/tilda/${tilda.key}`)
        .type('form')
        .send({ Фамилия: 'Иванова', Имя: 'Анна', Отчество: 'Сергеевна', Phone: '+79160007013', tranid: 'names:2' })
        .expect(200);
      expect(await nameOf(await latestOf(tilda.id))).toEqual(apart);

      const vk = await createSource(t, admin, 'vk', 'vk', { settings: { secret: 'vk-names-secret', groupId: 212399 } });
      await t
        .http()
        .post(`/api/v1/public/intake/vk/${vk.id}`)
        .send({
          type: 'lead_forms_new',
          group_id: 212399,
          secret: 'vk-names-secret',
          event_id: 'names-form-1',
          object: {
            lead_id: 990,
            user_id: 5559901,
            form_id: 1,
            form_name: 'Запись',
            answers: [
              { key: 'first_name', question: 'Имя', answer: 'Анна' },
              { key: 'patronymic', question: 'Отчество', answer: 'Сергеевна' },
              { key: 'last_name', question: 'Фамилия', answer: 'Иванова' },
              { key: 'phone_number', question: 'Телефон', answer: '+79160007014' },
            ],
          },
        })
        .expect(200);
      expect(await nameOf(await latestOf(vk.id))).toEqual(apart);

      const telegram = await createSource(t, admin, 'telegram', 'telegram', { settings: { secretToken: 'tg-names-token' } });
      await t
        .http()
        .post(`/api/v1/public/intake/telegram/${telegram.id}`)
        .set('X-Telegram-Bot-Api-Secret-Token', 'tg-names-token')
        .send({
          update_id: 9901,
          message: { message_id: 1, date: 1790000000, chat: { id: 9901 }, from: { id: 9901, first_name: 'Анна', last_name: 'Иванова' }, text: 'Запишите' },
        })
        .expect(200);
      expect(await nameOf(await latestOf(telegram.id))).toEqual({ last_name: 'Иванова', first_name: 'Анна', middle_name: null });
    });

    it('matches a returning person by the words of the name, whether it came whole or apart', async () => {
      const first = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send(webForm(documentId, { name: WHOLE, phone: '+79160007021' }));
      const { name: _name, ...withoutName } = webForm(documentId, { phone: '+79160007021' });
      const again = await t
        .http()
        .post('/api/v1/public/intake/web-form')
        .set('X-Intake-Key', form.key)
        .send({ ...withoutName, lastName: 'Иванова', firstName: 'Анна' });
      const patients = await t.db.query(`SELECT patient_id FROM leads WHERE id = ANY($1::uuid[])`, [[first.body.id, again.body.id]]);
      expect(new Set(patients.rows.map((r) => r.patient_id)).size).toBe(1);
    });
  });
});

describe('intake rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_RATE_LIMIT: '3', INTAKE_SOURCE_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t.close());

  it('answers 429 with Retry-After past the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', 'whatever').send({})).status);
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    const limited = await t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', 'whatever').send({});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('intake under a small connection pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing kept: every submission reads settings, branches, the source and the consent document itself.
    t = await startTestApp({ env: { DATABASE_POOL_SIZE: '2', JOBS_ENABLED: 'false', CACHE_TTL_MS: '0' } });
  });
  afterAll(async () => t.close());

  it('takes more concurrent submissions than there are connections, with cold caches', async () => {
    // Everything a submission reads runs on its own transaction's connection: a second connection per
    // transaction would let concurrent submissions hold the whole pool while each waits for one more.
    const admin = await signedIn(t, 'admin');
    const documentId = (await publishedDocument(t, admin)).id;
    const form = await createSource(t, admin, 'web_form', 'website');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t
          .http()
          .post('/api/v1/public/intake/web-form')
          .set('X-Intake-Key', form.key)
          .send(webForm(documentId, { phone: `+7916777000${i}` })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
  });
});
