import { createHmac } from 'node:crypto';

/** The clinic's API over HTTP, as an integration or an admin would call it: fixtures are made through it, never in SQL. */
export class ClinicApi {
  private tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async signIn(email: string, password: string): Promise<string> {
    const body = await this.call<{ accessToken: string }>('POST', '/auth/login', { email, password });
    this.tokens.set(email, body.accessToken);
    return body.accessToken;
  }

  /** Calls `/api/v1${path}` as `email` (signed in on first use), or anonymously; throws on an unexpected status. */
  async as<T>(who: { email: string; password: string } | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const token = who ? (this.tokens.get(who.email) ?? (await this.signIn(who.email, who.password))) : undefined;
    return this.call<T>(method, path, body, { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) });
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.raw(method, path, body, headers);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const raw = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    return fetch(`${this.baseUrl}/api/v1${path}`, { method, headers: { ...(raw ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: raw });
  }

  /** A web-form inquiry as the clinic's website sends it; returns the lead id. */
  async webForm(
    key: string,
    documentId: string,
    person: { name: string; phone: string; message?: string; utm?: Record<string, string>; pageUrl?: string },
  ): Promise<string> {
    const body = { ...person, consent: { documentId, accepted: true } };
    return (await this.call<{ id: string }>('POST', '/public/intake/web-form', body, { 'X-Intake-Key': key })).id;
  }

  /** A PBX event, signed with the telephony source's key. */
  async telephony(sourceId: string, key: string, event: Record<string, unknown>): Promise<{ callId: string; leadId: string | null }> {
    const raw = JSON.stringify(event);
    const signature = `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;
    return this.call('POST', `/public/telephony/${sourceId}/events`, raw, { 'X-Signature': signature, 'Content-Type': 'application/json' });
  }
}

export interface Person {
  email: string;
  password: string;
  id: string;
  fullName: string;
}
