const known = new Set(Intl.supportedValuesOf('timeZone'));

/** An IANA zone name this runtime knows (Europe/Moscow, Asia/Yekaterinburg, UTC…). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  if (known.has(value) || value === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/');
  } catch {
    return false;
  }
}
