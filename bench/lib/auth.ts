export const BENCH_ADMIN = { email: 'bench-admin@clinicdesk.local', password: 'bench-admin-password' };

export type Authenticator = (role: 'admin' | 'manager' | 'operator' | 'receptionist') => Promise<string>;

/** Authorization headers of staff of each role on one app, created through its API on first use. */
export function authenticator(baseUrl: string): Authenticator {
  const cache = new Map<string, Promise<string>>();
  const login = async (email: string, password: string) => {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`bench sign-in failed: ${res.status}`);
    return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
  };
  const forRole = async (role: string): Promise<string> => {
    if (role === 'admin') return login(BENCH_ADMIN.email, BENCH_ADMIN.password);
    const adminAuth = await auth('admin');
    const email = `bench-${role}@clinicdesk.local`;
    const password = 'bench-staff-password';
    const res = await fetch(`${baseUrl}/api/v1/staff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: adminAuth },
      body: JSON.stringify({ email, password, fullName: `Bench ${role}`, role, capacity: 100 }),
    });
    // Already there (a data set kept from an earlier run): sign in.
    if (!res.ok && res.status !== 409) throw new Error(`bench staff creation failed: ${res.status}`);
    return login(email, password);
  };
  const auth: Authenticator = (role) => {
    if (!cache.has(role)) cache.set(role, forRole(role));
    return cache.get(role)!;
  };
  return auth;
}

/** Creates a staff member through the API and signs them in; returns their id and Authorization header. */
export async function staffMember(
  baseUrl: string,
  adminAuth: string,
  role: string,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; auth: string; token: string }> {
  const password = 'bench-staff-password';
  const created = await fetch(`${baseUrl}/api/v1/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: adminAuth },
    body: JSON.stringify({ email, password, fullName: `Bench ${role} ${email.split('@')[0]}`, role, capacity: 100, ...extra }),
  });
  if (!created.ok) throw new Error(`bench staff creation failed: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`bench sign-in failed: ${res.status}`);
  const token = ((await res.json()) as { accessToken: string }).accessToken;
  return { id, auth: `Bearer ${token}`, token };
}
