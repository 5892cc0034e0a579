import { randomBytes } from 'node:crypto';
import type { SignedIn } from './staff.factory.js';
import type { TestApp } from '../setup/test-app.js';

export interface TestSource {
  id: string;
  key: string;
}

/** An intake source created through the admin API; `key` is the secret shown once. */
export async function createSource(t: TestApp, admin: SignedIn, kind: string, channel: string, extra: Record<string, unknown> = {}): Promise<TestSource> {
  const res = await t
    .http()
    .post('/api/v1/intake-sources')
    .set('Authorization', admin.auth)
    .send({ kind, channel, name: `${kind} ${randomBytes(4).toString('hex')}`, ...extra });
  if (res.status !== 201) throw new Error(`source creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, key: res.body.key };
}

/** A web-form submission as a clinic website sends it. */
export function webForm(documentId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Анна Иванова',
    phone: '8 (912) 345-67-89',
    email: 'anna@example.ru',
    message: 'Хочу записаться к стоматологу',
    consent: { documentId, accepted: true },
    utm: { source: 'yandex', medium: 'cpc', campaign: 'implants-autumn' },
    pageUrl: 'https://clinic.example/implants',
    ...overrides,
  };
}
