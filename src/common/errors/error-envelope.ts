import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError, ERROR_STATUS, type ErrorCode } from './app-error.js';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}

export interface DescribedError {
  status: number;
  body: Omit<ErrorEnvelope, 'requestId'>;
  headers?: Record<string, string>;
  /** Set for errors the client did not cause; the filter logs these. */
  unexpected?: boolean;
}

interface ConstraintMeaning {
  code: ErrorCode;
  message: string;
}

/** What a named database constraint means to a client; modules describe their own constraints here. */
const constraintMeanings = new Map<string, ConstraintMeaning>();

export function describeConstraint(constraint: string, meaning: ConstraintMeaning): void {
  constraintMeanings.set(constraint, meaning);
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', '3D000']);

/** Turns anything thrown while handling a request into a status and the error envelope. Never leaks SQL or stacks. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof AppError) {
    return { status: error.status, headers: error.headers, body: { error: { code: error.code, message: error.message, details: error.details } } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = status === 404 ? 'No such endpoint' : typeof response === 'string' ? response : error.message;
    return { status, body: { error: { code: STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'), message } } };
  }
  if (error instanceof QueryFailedError || isDatabaseError(error)) return describeDatabaseError(error as DatabaseError);
  if (isDatabaseDown(error)) return unavailable();
  const fastify = error as { statusCode?: number; code?: string };
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return fromFrameworkError(fastify.statusCode, fastify.code);
  }
  return { status: 500, unexpected: true, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side' } } };
}

function fromFrameworkError(status: number, code: string | undefined): DescribedError {
  const messages: Record<string, string> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this endpoint accepts',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here; send application/json',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but declared as JSON',
    FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
    FST_ERR_BAD_URL: 'The URL is not valid: a percent-escape in it is malformed',
    FST_ERR_MAX_PARAM_LENGTH: 'A value in the URL is longer than any valid one',
  };
  const message = (code && messages[code]) ?? (status === 400 ? 'The request body is not valid JSON' : 'The request could not be processed');
  return { status, body: { error: { code: STATUS_CODES[status] ?? 'VALIDATION_FAILED', message } } };
}

interface DatabaseError {
  code?: string;
  constraint?: string;
  driverError?: { code?: string; constraint?: string };
}

function isDatabaseError(error: unknown): boolean {
  return typeof (error as DatabaseError)?.code === 'string' && /^[0-9A-Z]{5}$/.test((error as DatabaseError).code!) && 'severity' in (error as object);
}

function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string; driverError?: { code?: string } };
  if (!e || typeof e !== 'object') return false;
  const code = e.driverError?.code ?? e.code ?? '';
  if (DATABASE_DOWN_CODES.has(code) || code.startsWith('08')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Connection is not established|the database system is|not currently accepting connections/i.test(
    e.message ?? '',
  );
}

function describeDatabaseError(error: DatabaseError): DescribedError {
  const code = error.driverError?.code ?? error.code;
  const constraint = error.driverError?.constraint ?? error.constraint;
  const known = constraint ? constraintMeanings.get(constraint) : undefined;
  if (known) return { status: ERROR_STATUS[known.code], body: { error: { code: known.code, message: known.message } } };
  switch (code) {
    case '23505':
      return { status: 409, body: { error: { code: 'CONFLICT', message: 'A record with the same unique value already exists', details: { constraint } } } };
    case '23503':
      return /^insert or update/i.test(String((error as { message?: string }).message))
        ? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'A referenced record does not exist', details: { constraint } } } }
        : { status: 409, body: { error: { code: 'CONFLICT', message: 'The record is still referenced by other records', details: { constraint } } } };
    case '23P01':
      return { status: 409, body: { error: { code: 'CONFLICT', message: 'Overlaps an existing record', details: { constraint } } } };
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'A value is out of range or malformed', details: { constraint } } } };
    case '22021':
    case '22P05':
      return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'The text contains a character that cannot be stored' } } };
    case '40001':
    case '40P01':
      return { status: 409, body: { error: { code: 'CONFLICT', message: 'A concurrent change got in the way; try again' } } };
  }
  if (isDatabaseDown(error)) return unavailable();
  return { status: 500, unexpected: true, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side' } } };
}

function unavailable(): DescribedError {
  return { status: 503, headers: { 'Retry-After': '5' }, body: { error: { code: 'UNAVAILABLE', message: 'The database is unavailable; try again shortly' } } };
}
