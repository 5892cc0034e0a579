/** The server's error envelope: `{ error: { code, message, details }, requestId }`. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
  requestId?: string;
}

/** A refused request, as the server explained it. Components show `code` translated; never a raw stack or page. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }

  static from(status: number, body: unknown): ApiError {
    const envelope = body as Partial<ErrorEnvelope> | undefined;
    if (envelope?.error?.code) return new ApiError(status, envelope.error.code, envelope.error.message ?? '', envelope.error.details, envelope.requestId);
    return new ApiError(status, status === 0 ? 'NETWORK' : status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN', `HTTP ${status}`);
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (!code || error.code === code);
}
