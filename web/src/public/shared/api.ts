// The public endpoints the patients' pages call, without the staff console's client: plain fetch, the error envelope read.
import type { components } from '../../api/schema';

export type PublicService = components['schemas']['PublicServiceView'];
export type PublicDoctor = components['schemas']['PublicDoctorView'];
export type PublicBranch = components['schemas']['PublicBranchView'];
export type Slot = components['schemas']['SlotView'];
export type ConsentText = components['schemas']['PublicConsentDocumentView'];
export type Booking = components['schemas']['OnlineBookingView'];
export type BookingRequest = components['schemas']['OnlineBookingDto'];
export type WithdrawalPreview = components['schemas']['WithdrawalPreviewView'];

/** A refused request: the server's code (SLOT_TAKEN, CONSENT_REQUIRED, RATE_LIMITED…) or NETWORK. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new PublicError(0, 'NETWORK');
  }
  const json = await response.json().catch(() => undefined);
  if (!response.ok)
    throw new PublicError(
      response.status,
      (json as { error?: { code?: string } } | undefined)?.error?.code ?? (response.status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN'),
    );
  return json as T;
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return search.size ? `?${search}` : '';
};

export const publicApi = {
  services: () => call<{ data: PublicService[] }>('GET', '/public/services').then((r) => r.data),
  doctors: (serviceId: string) => call<{ data: PublicDoctor[] }>('GET', `/public/doctors${query({ serviceId })}`).then((r) => r.data),
  branches: () => call<{ data: PublicBranch[] }>('GET', '/public/branches').then((r) => r.data),
  availability: (params: { serviceId: string; doctorId?: string; branchId?: string; from: string; to: string }) =>
    call<{ data: Slot[] }>('GET', `/public/availability${query(params)}`).then((r) => r.data),
  consentText: (kind: 'personal_data' | 'marketing') => call<ConsentText>('GET', `/public/consent-documents/current${query({ kind })}`),
  book: (key: string, body: BookingRequest, idempotencyKey: string) =>
    call<Booking>('POST', '/public/appointments', body, { 'X-Intake-Key': key, 'Idempotency-Key': idempotencyKey }),
  withdrawal: (token: string) => call<WithdrawalPreview>('GET', `/public/consents/withdrawal${query({ token })}`),
  withdraw: (token: string) => call<{ withdrawn: true; withdrawnAt: string }>('POST', '/public/consents/withdraw', { token }),
};
