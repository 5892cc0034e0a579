import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { PatientView } from '../../src/modules/patients/dto/patient.dto.js';
import { Outbox, type RealtimeEventMap } from '../../src/realtime/outbox.js';
import type { TestApp } from '../setup/test-app.js';
import { recordConsent } from './consent.factory.js';
import { bookableDoctor, futureDate, localInstant } from './schedule.factory.js';
import type { SignedIn } from './staff.factory.js';

export interface SeedContext {
  t: TestApp;
  patient: PatientView;
  manager: SignedIn;
  personalDocumentId: string;
  /** A distinctive string to put into every personal value written. */
  tag: string;
}

/**
 * For each table in the personal-data registry: writes at least one row about `ctx.patient` through the real
 * code and returns the personal values it wrote. The privacy tests check each appears in the access export and
 * none survives erasure. A module that registers a table adds its seeder here.
 */
export const PERSONAL_DATA_SEEDERS: Record<string, (ctx: SeedContext) => Promise<string[]>> = {
  patients: async ({ patient }) => [patient.lastName!, patient.phone!, patient.email!],

  consents: async ({ t, patient, personalDocumentId, tag }) => {
    await recordConsent(t, {
      documentId: personalDocumentId,
      patientId: patient.id,
      evidence: { ip: '192.0.2.55', userAgent: `UA-${tag}`, formUrl: `https://clinic.example/?ref=${tag}`, note: `consent-note-${tag}` },
    });
    return [`UA-${tag}`, `consent-note-${tag}`, `ref=${tag}`];
  },

  consent_events: async ({ t, patient, personalDocumentId, manager, tag }) => {
    const consent = await recordConsent(t, { documentId: personalDocumentId, patientId: patient.id });
    const res = await t
      .http()
      .post(`/api/v1/consents/${consent.id}/withdraw`)
      .set('Authorization', manager.auth)
      .send({ method: 'letter', note: `withdraw-note-${tag}` });
    if (res.status !== 200) throw new Error(`withdrawal failed: ${res.status}`);
    // Withdrawal restricts; lift it so the remaining seeders can still work with the person.
    await t.http().post(`/api/v1/patients/${patient.id}/restrict`).set('Authorization', manager.auth).send({ reason: 'other', lift: true });
    return [`withdraw-note-${tag}`];
  },

  subject_requests: async ({ t, patient, manager, tag }) => {
    const res = await t
      .http()
      .post('/api/v1/subject-requests')
      .set('Authorization', manager.auth)
      .send({ patientId: patient.id, type: 'erasure', receivedAt: new Date().toISOString(), note: `request-note-${tag}` });
    if (res.status !== 201) throw new Error(`subject request failed: ${res.status}`);
    return [`request-note-${tag}`];
  },

  appointments: async ({ t, patient, manager, tag }) => {
    const doctor = await bookableDoctor(t, { staff: [manager] });
    const res = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        patientId: patient.id,
        startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, 3), '10:00'),
        note: `appointment-note-${tag}`,
      });
    if (res.status !== 201) throw new Error(`appointment failed: ${res.status} ${JSON.stringify(res.body)}`);
    return [`appointment-note-${tag}`];
  },

  leads: async ({ t, patient, manager, tag }) => {
    const res = await t
      .http()
      .post('/api/v1/leads')
      .set('Authorization', manager.auth)
      .send({ patientId: patient.id, channel: 'phone', message: `lead-message-${tag}` });
    if (res.status !== 201) throw new Error(`lead failed: ${res.status} ${JSON.stringify(res.body)}`);
    await t
      .http()
      .patch(`/api/v1/leads/${res.body.id}`)
      .set('Authorization', manager.auth)
      .send({ notes: `lead-notes-${tag}` });
    return [`lead-message-${tag}`, `lead-notes-${tag}`];
  },

  calls: async ({ t, patient, manager, tag }) => {
    const endedAt = new Date(Date.now() - 60_000);
    const res = await t
      .http()
      .post('/api/v1/calls')
      .set('Authorization', manager.auth)
      .send({
        patientId: patient.id,
        direction: 'outbound',
        startedAt: new Date(endedAt.getTime() - 120_000).toISOString(),
        answeredAt: new Date(endedAt.getTime() - 100_000).toISOString(),
        endedAt: endedAt.toISOString(),
        outcome: 'consultation_only',
        note: `call-note-${tag}`,
        recordingUrl: `https://pbx.clinic.example/rec/${tag}.mp3`,
      });
    if (res.status !== 201) throw new Error(`call failed: ${res.status} ${JSON.stringify(res.body)}`);
    return [`call-note-${tag}`, `rec/${tag}.mp3`];
  },

  call_reviews: async ({ t, patient, manager, tag }) => {
    const res = await t
      .http()
      .post('/api/v1/calls')
      .set('Authorization', manager.auth)
      .send({
        patientId: patient.id,
        direction: 'inbound',
        startedAt: new Date(Date.now() - 90_000).toISOString(),
        endedAt: new Date(Date.now() - 30_000).toISOString(),
        outcome: 'consultation_only',
      });
    if (res.status !== 201) throw new Error(`call failed: ${res.status} ${JSON.stringify(res.body)}`);
    const review = await t
      .http()
      .put(`/api/v1/calls/${res.body.id}/review`)
      .set('Authorization', manager.auth)
      .send({ met: [true, true, false, true, true], comment: `review-comment-${tag}` });
    if (review.status !== 200) throw new Error(`review failed: ${review.status} ${JSON.stringify(review.body)}`);
    return [`review-comment-${tag}`];
  },

  callbacks: async ({ t, patient, manager, tag }) => {
    const lead = await t.http().post('/api/v1/leads').set('Authorization', manager.auth).send({ patientId: patient.id, channel: 'phone' });
    if (lead.status !== 201) throw new Error(`lead failed: ${lead.status} ${JSON.stringify(lead.body)}`);
    const res = await t
      .http()
      .post(`/api/v1/leads/${lead.body.id}/callbacks`)
      .set('Authorization', manager.auth)
      .send({ dueAt: new Date(Date.now() + 86_400_000).toISOString(), note: `callback-note-${tag}` });
    if (res.status !== 201) throw new Error(`callback failed: ${res.status} ${JSON.stringify(res.body)}`);
    return [`callback-note-${tag}`];
  },

  messages: async ({ t, patient, manager, tag }) => {
    const res = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/messages`)
      .set('Authorization', manager.auth)
      .send({ text: `message-text-${tag}`, channel: 'email' });
    if (res.status !== 201) throw new Error(`message failed: ${res.status} ${JSON.stringify(res.body)}`);
    return [`message-text-${tag}`, patient.email!];
  },

  feedback: async ({ t, patient, manager, tag }) => {
    const doctor = await bookableDoctor(t, { staff: [manager] });
    const visit = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        patientId: patient.id,
        startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, 4), '11:00'),
      });
    if (visit.status !== 201) throw new Error(`appointment failed: ${visit.status} ${JSON.stringify(visit.body)}`);
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO feedback (appointment_id, patient_id, doctor_id, branch_id, rating, comment, follow_up, follow_up_note) VALUES ($1, $2, $3, $4, 2, $5, 'done', $6)`,
        [visit.body.id, patient.id, doctor.doctorId, doctor.branchId, `feedback-comment-${tag}`, `feedback-follow-up-${tag}`],
      );
    return [`feedback-comment-${tag}`, `feedback-follow-up-${tag}`];
  },

  events: async ({ t, patient, tag }) => {
    await t.app.get(DataSource).transaction((em) =>
      t.app.get(Outbox).publish(em, 'lead.created', { roles: ['operator'] }, {
        patientId: patient.id,
        leadId: randomUUID(),
        name: `Event-${tag}`,
        phone: patient.phone,
        status: 'new',
      } as RealtimeEventMap['lead.created']),
    );
    return [`Event-${tag}`];
  },
};
