import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ConsentKind } from '../../src/modules/consents/consent-document.rules.js';
import { ConsentsService, type RecordConsentInput, type RecordedConsent } from '../../src/modules/consents/consents.service.js';
import type { CreatePatientDto, PatientView } from '../../src/modules/patients/dto/patient.dto.js';
import { PatientsService } from '../../src/modules/patients/patients.service.js';
import type { TestApp } from '../setup/test-app.js';
import { SETUP_ACTOR, type SignedIn } from './staff.factory.js';

/** Everything the law asks a consent document to contain. */
export function completeDocument(kind: ConsentKind, overrides: Record<string, unknown> = {}) {
  const tag = randomBytes(3).toString('hex');
  return {
    kind,
    version: `v-${tag}`,
    title: `${kind} consent ${tag}`,
    body: `I agree to the processing of my personal data (${kind}, ${tag}). Согласие на обработку персональных данных.`,
    operatorName: 'Clinic LLC',
    operatorAddress: 'Tverskaya st. 7, Moscow',
    purposes: ['booking appointments', 'reminders'],
    dataCategories: ['name', 'phone', 'email'],
    actions: ['collection', 'recording', 'storage', 'erasure'],
    recipients: ['none'],
    retention: 'Until withdrawn, at most 5 years after the last visit',
    withdrawalMethod: 'The withdrawal link in the confirmation, or a letter to the clinic',
    ...overrides,
  };
}

/** A consent document created and published through the API by an admin. */
export async function publishedDocument(t: TestApp, admin: SignedIn, kind: ConsentKind = 'personal_data', overrides: Record<string, unknown> = {}) {
  const created = await t.http().post('/api/v1/consent-documents').set('Authorization', admin.auth).send(completeDocument(kind, overrides));
  if (created.status !== 201) throw new Error(`document create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await t.http().post(`/api/v1/consent-documents/${created.body.id}/publish`).set('Authorization', admin.auth).send();
  if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body as { id: string; kind: ConsentKind; version: string; body: string; sha256: string };
}

/** A patient created through the real service, with unique data. */
export async function createPatient(t: TestApp, overrides: Partial<CreatePatientDto> = {}): Promise<PatientView> {
  const n = randomBytes(3).readUIntBE(0, 3) % 10_000_000;
  return t.app.get(PatientsService).create(SETUP_ACTOR, {
    lastName: `Testova${n}`,
    firstName: 'Anna',
    phone: `+7912${String(n).padStart(7, '0')}`,
    email: `patient-${n}@test.clinicdesk.local`,
    ...overrides,
  });
}

/** Records a consent the way intake does: inside a transaction, with web-form evidence unless told otherwise. */
export async function recordConsent(
  t: TestApp,
  input: Partial<RecordConsentInput> & { documentId: string; patientId?: string; leadId?: string },
): Promise<RecordedConsent> {
  const consents = t.app.get(ConsentsService);
  return t.app.get(DataSource).transaction((em) =>
    consents.recordConsent(em, {
      subject: { patientId: input.patientId, leadId: input.leadId },
      channel: 'web_form',
      evidence: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)', formUrl: 'https://clinic.example/booking' },
      meta: { requestId: 'test-intake', ip: '203.0.113.7' },
      ...input,
    }),
  );
}
