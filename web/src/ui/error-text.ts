import type { TFunction } from 'i18next';
import { isApiError } from '../api/errors';

const KNOWN = new Set([
  'SLOT_TAKEN',
  'LEAD_ALREADY_CLAIMED',
  'OUTSIDE_WORKING_HOURS',
  'CONSENT_REQUIRED',
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'NETWORK',
  'UNAVAILABLE',
]);

type ErrorCode =
  | 'SLOT_TAKEN'
  | 'LEAD_ALREADY_CLAIMED'
  | 'OUTSIDE_WORKING_HOURS'
  | 'CONSENT_REQUIRED'
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'NETWORK'
  | 'UNAVAILABLE'
  | 'UNKNOWN';

/** What to tell a person about a refused request: the server's code in their language (English also shows the server's words). */
export function errorText(t: TFunction, error: unknown, lang: string): string {
  if (!isApiError(error)) return t('errors.UNKNOWN');
  const code = (KNOWN.has(error.code) ? error.code : 'UNKNOWN') as ErrorCode;
  const text = t(`errors.${code}`);
  if (lang === 'en' && error.message && !['NETWORK', 'UNAVAILABLE', 'UNKNOWN'].includes(code) && !/^HTTP \d+$/.test(error.message))
    return `${text} (${error.message})`;
  return text;
}
