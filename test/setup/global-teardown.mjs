import { dropTestDatabases } from './global-setup.mjs';

export default async function globalTeardown() {
  await dropTestDatabases(process.env.CLINICDESK_TEST_ADMIN_URL).catch(() => undefined);
  await globalThis.__clinicdeskTestPostgres?.stop();
}
