import type { components } from './schema';
import { ApiError } from './errors';

export type StaffUser = components['schemas']['StaffView'];
type Tokens = components['schemas']['TokensView'];
type Challenge = components['schemas']['SignInChallengeView'];
export type MfaEnrolment = components['schemas']['MfaEnrolmentView'];
type Enabled = components['schemas']['MfaEnabledView'];

/** Why the console shows the sign-in page: signed out here or in another tab, or the server ended the session. */
export type SignedOutReason = 'signed-out' | 'session-ended';

export type SessionState =
  { status: 'restoring' } | { status: 'anonymous'; reason?: SignedOutReason } | { status: 'signed-in'; user: StaffUser; accessToken: string };

/** What a sign-in attempt led to: signed in, or a second step (a code, or setting up an authenticator first). */
export type SignInResult = { kind: 'signed-in'; user: StaffUser } | { kind: 'second-step'; mfaToken: string; enrolmentRequired: boolean; expiresAt: number };

/** A compulsory enrolment confirmed: the recovery codes to show once, and the session to start after they are saved. */
export interface EnrolledSignIn {
  recoveryCodes: string[];
  start: () => void;
}

const STORAGE_KEY = 'clinicdesk.session';
const LOCK_NAME = 'clinicdesk.refresh';
/** Refresh this long before the access token expires, so requests never meet an expired one. */
const REFRESH_AHEAD = 0.8;

interface Stored {
  refreshToken: string;
  user: StaffUser;
}

/**
 * The signed-in staff member and their tokens. The access token lives in memory only; the single-use refresh
 * token is kept in localStorage so a reload or a new tab stays signed in. Tabs refresh one at a time (a Web Lock)
 * and each reads the newest refresh token first, so two tabs never present the same one (which would end the session).
 */
class Session {
  private state: SessionState = { status: 'restoring' };
  private listeners = new Set<() => void>();
  private refreshing: Promise<boolean> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    window.addEventListener('storage', (event) => {
      // Signed out in another tab: this one signs out too.
      if (event.key === STORAGE_KEY && event.newValue === null && this.state.status === 'signed-in') this.end('signed-out', false);
    });
  }

  get current(): SessionState {
    return this.state;
  }

  get accessToken(): string | null {
    return this.state.status === 'signed-in' ? this.state.accessToken : null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** At start: a stored session is resumed with a refresh; without one the sign-in page shows. */
  async restore(): Promise<void> {
    if (!read()) return this.set({ status: 'anonymous' });
    if (!(await this.refresh()) && this.state.status === 'restoring') this.set({ status: 'anonymous' });
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    const answer = await post<Tokens | Challenge>('/api/v1/auth/login', { email, password });
    if ('mfaRequired' in answer) {
      return { kind: 'second-step', mfaToken: answer.mfaToken, enrolmentRequired: answer.enrolmentRequired, expiresAt: Date.now() + answer.expiresIn * 1000 };
    }
    this.establish(answer);
    return { kind: 'signed-in', user: answer.user };
  }

  /** The second step: the authenticator's code (or a recovery code) for the sign-in challenge. */
  async completeSecondStep(mfaToken: string, code: string): Promise<StaffUser> {
    const tokens = await post<Tokens>('/api/v1/auth/mfa', { mfaToken, code });
    this.establish(tokens);
    return tokens.user;
  }

  /** Someone whose role requires two-factor sign-in and who has no authenticator yet sets one up during sign-in. */
  startEnrolment(mfaToken: string): Promise<MfaEnrolment> {
    return post<MfaEnrolment>('/api/v1/auth/mfa/enrolment', { mfaToken });
  }

  async confirmEnrolment(mfaToken: string, code: string): Promise<EnrolledSignIn> {
    const answer = await post<Enabled>('/api/v1/auth/mfa/enrolment/confirm', { mfaToken, code });
    const { accessToken, refreshToken, expiresIn, user } = answer;
    if (!accessToken || !refreshToken || !expiresIn || !user) throw new ApiError(500, 'UNKNOWN', 'The sign-in did not complete');
    return { recoveryCodes: answer.recoveryCodes, start: () => this.establish({ accessToken, refreshToken, expiresIn, user }) };
  }

  /** Gets a new access token with the stored refresh token; false (and signed out) when the server refused it. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.withLock(async () => {
      const stored = read();
      if (!stored) {
        this.end('session-ended');
        return false;
      }
      try {
        this.establish(await post<Tokens>('/api/v1/auth/refresh', { refreshToken: stored.refreshToken }));
        return true;
      } catch (error) {
        // A network failure keeps the session: the next request or reconnect tries again.
        if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
          this.end(this.state.status === 'restoring' ? 'signed-out' : 'session-ended');
          return false;
        }
        throw error;
      }
    }).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    const token = this.accessToken;
    this.end('signed-out');
    if (token) await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  /** The server refused our token and a refresh did not help: back to sign-in, saying why. */
  expire(): void {
    if (this.state.status === 'signed-in') this.end('session-ended');
  }

  private establish(tokens: Tokens): void {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ refreshToken: tokens.refreshToken, user: tokens.user } satisfies Stored));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), tokens.expiresIn * 1000 * REFRESH_AHEAD);
    this.set({ status: 'signed-in', user: tokens.user, accessToken: tokens.accessToken });
  }

  private end(reason: SignedOutReason, clearStorage = true): void {
    clearTimeout(this.timer);
    if (clearStorage) localStorage.removeItem(STORAGE_KEY);
    this.set({ status: 'anonymous', reason });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? locks.request(LOCK_NAME, task) : task();
  }
}

function read(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

async function post<T>(url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.from(response.status, json);
  return json as T;
}

export const session = new Session();
