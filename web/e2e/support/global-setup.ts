import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startBuiltApp } from './app-process';
import { ClinicApi } from './clinic-api';
import { startFakeMessengers } from './fake-messengers';
import { seedClinic } from './seed';

export const ADMIN = { email: 'console-admin@clinicdesk.local', password: 'console-e2e-admin-password' };

/** Starts the built app on a fresh database and builds the test clinic through the API. Tests create the rest themselves. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(path.join(ROOT, '.data/screenshots'), { recursive: true });
  // Messages to patients go to a local fake Telegram and VK the tests steer (never to the real ones).
  const messengers = await startFakeMessengers();
  process.env.CLINICDESK_E2E_MESSENGERS = messengers.url;
  const app = await startBuiltApp('console-e2e', {
    SEED_DEMO: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'console-e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    JOBS_POLL_MS: '200',
    PUBLIC_RATE_LIMIT: '100000',
    INTAKE_SOURCE_RATE_LIMIT: '100000',
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    TELEGRAM_API_BASE_URL: messengers.url,
    VK_API_BASE_URL: messengers.url,
    // The booking-widget test embeds the widget in a "clinic website" served on another local port.
    WIDGET_FRAME_ANCESTORS: 'http://127.0.0.1:*',
  });
  const stop = async () => {
    await app.stop();
    await messengers.close();
  };
  try {
    process.env.CLINICDESK_E2E_URL = app.baseUrl;
    process.env.CLINICDESK_E2E_SEED = JSON.stringify(await seedClinic(new ClinicApi(app.baseUrl), ADMIN));
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
