/** Error codes every client can rely on (see the API contract), and the one place each gets its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  SLOT_TAKEN: 409,
  LEAD_ALREADY_CLAIMED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CONSENT_REQUIRED: 422,
  OUTSIDE_WORKING_HOURS: 422,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, number>;
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * A domain error: services throw these (or a module's own subclass), the global filter turns them into the error
 * envelope with the status its code has in ERROR_STATUS.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
    this.name = new.target.name;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const unprocessable = (message: string, details?: unknown) => new AppError('UNPROCESSABLE', message, details);
export const validationFailed = (message: string, details?: unknown) => new AppError('VALIDATION_FAILED', message, details);
