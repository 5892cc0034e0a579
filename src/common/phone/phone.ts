import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A phone number in E.164 (+79123456789), or null when it is not a valid number.
 * Local forms are read in the clinic's default region: in RU, "8 (912) 345-67-89" is +79123456789.
 */
export function normalizePhone(raw: string | null | undefined, defaultRegion = 'RU'): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}
