import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, webForm } from '../factories/intake.factory.js';
import { bookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('patient card', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it("shows the person's leads, calls, appointments and consents, and audits the view", async () => {
    const admin = await signedIn(t, 'admin');
    const manager = await signedIn(t, 'manager');
    const documentId = (await publishedDocument(t, admin)).id;
    const form = await createSource(t, admin, 'web_form', 'website');
    const intake = await t
      .http()
      .post('/api/v1/public/intake/web-form')
      .set('X-Intake-Key', form.key)
      .send(webForm(documentId, { phone: '+79161110022' }));
    const leadId = intake.body.id;
    const patientId = (await t.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth)).body.patientId;
    await t.db.query(`UPDATE leads SET created_at = now() - interval '10 minutes' WHERE id = $1`, [leadId]); // arrived before the call below
    const now = Date.now();
    const call = await t
      .http()
      .post('/api/v1/calls')
      .set('Authorization', manager.auth)
      .send({
        leadId,
        direction: 'outbound',
        phone: '+79161110022',
        startedAt: new Date(now - 120_000).toISOString(),
        answeredAt: new Date(now - 110_000).toISOString(),
        endedAt: new Date(now - 20_000).toISOString(),
        outcome: 'consultation_only',
      });
    expect(call.status).toBe(201);
    const d = await bookableDoctor(t, { staff: [manager] });
    const booked = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: d.doctorId,
        serviceId: d.serviceId,
        branchId: d.branchId,
        patientId,
        leadId,
        startsAt: localInstant(d.timezone, futureDate(d.timezone, 2), '10:00'),
      });
    expect(booked.status).toBe(201);

    const card = await t.http().get(`/api/v1/patients/${patientId}`).set('Authorization', manager.auth);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ id: patientId, phone: '+79161110022' });
    expect(card.body.leads.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([[leadId, 'booked']]);
    expect(card.body.calls.map((c: { id: string }) => c.id)).toEqual([call.body.id]);
    expect(card.body.appointments.map((a: { id: string }) => a.id)).toEqual([booked.body.id]);
    expect(card.body.consents).toHaveLength(1);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'patient.viewed' AND entity_id = $1 AND actor_id = $2`, [
      patientId,
      manager.id,
    ]);
    expect(rows[0].n).toBe(1);
    expect((await t.http().get('/api/v1/patients/6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c').set('Authorization', manager.auth)).status).toBe(404);
  });
});
