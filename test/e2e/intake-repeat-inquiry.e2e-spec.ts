import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** A person whose processing is restricted, or whose data was erased, fills in the website form again. */
describe('a repeat inquiry from a restricted or erased person', () => {
  let t: TestApp;
  let documentId: string;
  let form: TestSource;
  let manager: SignedIn;
  let operator: SignedIn;
  let operatorSocket: TestSocket;
  let managerSocket: TestSocket;

  const submit = (phone: string, name: string) =>
    t.http().post('/api/v1/public/intake/web-form').set('X-Intake-Key', form.key).send(webForm(documentId, { phone, name }));
  const leadRow = async (id: string) =>
    (await t.db.query(`SELECT l.patient_id, l.returning_patient, l.status, l.consent_status FROM leads l WHERE l.id = $1`, [id])).rows[0];

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_RATE_LIMIT: '1000' } });
    const admin = await signedIn(t, 'admin');
    documentId = (await publishedDocument(t, admin)).id;
    form = await createSource(t, admin, 'web_form', 'website');
    manager = await signedIn(t, 'manager');
    operator = await signedIn(t, 'operator');
    operatorSocket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    managerSocket = await connectSocket(t.baseUrl, { token: manager.accessToken });
  });
  afterAll(async () => {
    operatorSocket.close();
    managerSocket.close();
    await t.close();
  });

  it('joins the restricted person’s record, which stays restricted: managers learn of it without personal values, operators not at all', async () => {
    const first = await submit('+79045550001', 'Ирина Смирнова');
    expect(first.status).toBe(201);
    expect((await t.http().post('/api/v1/public/consents/withdraw').send({ token: first.body.consentWithdrawalToken })).status).toBe(200);

    const again = await submit('8 904 555-00-01', 'Ирина Смирнова');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ status: 'new', consentWithdrawalToken: expect.any(String) });
    const [before, after] = [await leadRow(first.body.id), await leadRow(again.body.id)];
    expect(after).toEqual({ patient_id: before.patient_id, returning_patient: true, status: 'new', consent_status: 'given' });
    expect((await t.db.query(`SELECT restricted_at IS NOT NULL AS restricted FROM patients WHERE id = $1`, [before.patient_id])).rows[0]).toEqual({
      restricted: true,
    });

    const seen = await managerSocket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === again.body.id);
    expect(seen.data).toMatchObject({ restricted: true, name: null, phone: null });
    await operatorSocket.waitForId(await publishEvent(t, 'lead.updated', { users: [operator.id] }));
    expect(operatorSocket.events.some((e) => e.data?.leadId === again.body.id)).toBe(false);
    expect((await t.http().get(`/api/v1/leads/${again.body.id}`).set('Authorization', operator.auth)).status).toBe(403);
    const card = await t.http().get(`/api/v1/leads/${again.body.id}`).set('Authorization', manager.auth);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ restricted: true, name: null, phone: null, patientId: before.patient_id });
  });

  it('starts a new record for a person whose data was erased, unlinked to the erased one', async () => {
    const first = await submit('+79045550002', 'Пётр Ильин');
    expect(first.status).toBe(201);
    const erasedId = (await leadRow(first.body.id)).patient_id;
    expect((await t.http().post(`/api/v1/patients/${erasedId}/erase`).set('Authorization', manager.auth).send({ reason: 'subject_request' })).status).toBe(200);

    const again = await submit('+79045550002', 'Пётр Ильин');
    expect(again.status).toBe(201);
    const lead = await leadRow(again.body.id);
    expect(lead).toMatchObject({ returning_patient: false, status: 'new', consent_status: 'given' });
    expect(lead.patient_id).not.toBe(erasedId);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM patient_duplicates WHERE $1 IN (patient_id, candidate_id)`, [erasedId])).rows[0]).toEqual({
      n: 0,
    });
    const pushed = await operatorSocket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === again.body.id);
    expect(pushed.data).toMatchObject({ restricted: false, phone: '+79045550002', returningPatient: false });
  });
});
