// One place for how dates, phones and money read in the console, always in the zone of the branch concerned.
export type Lang = 'ru' | 'en';

const LOCALES: Record<Lang, string> = { ru: 'ru-RU', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: Lang, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${zone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: zone, ...options });
    cache.set(key, f);
  }
  return f;
}

const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

/** 14:05 */
export function formatTime(value: string | number | Date, zone: string, lang: Lang): string {
  return dateFormat(lang, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value));
}

/** 12 марта 2027 / 12 March 2027 */
export function formatDate(value: string | number | Date, zone: string, lang: Lang, withYear = true): string {
  return dateFormat(lang, zone, { day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}) }).format(toDate(value));
}

/** пт, 12 марта / Fri 12 March */
export function formatDay(value: string | number | Date, zone: string, lang: Lang): string {
  return dateFormat(lang, zone, { weekday: 'short', day: 'numeric', month: 'long' }).format(toDate(value));
}

/** 12 мар. 2027, 14:05 */
export function formatDateTime(value: string | number | Date, zone: string, lang: Lang): string {
  return dateFormat(lang, zone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    toDate(value),
  );
}

/** A short zone label for the screen, e.g. "GMT+5" */
export function zoneLabel(zone: string, lang: Lang, at = Date.now()): string {
  const part = dateFormat(lang, zone, { timeZoneName: 'short' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** 25 000 ₽ */
export function formatMoney(amount: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency, maximumFractionDigits: Number.isInteger(amount) ? 0 : 2 }).format(amount);
}

/** Country codes whose national numbers group as the Russian plan does (3-3-2-2). */
const GROUPS: Array<{ code: string; groups: number[] }> = [
  { code: '7', groups: [3, 3, 2, 2] },
  { code: '375', groups: [2, 3, 2, 2] },
  { code: '380', groups: [2, 3, 2, 2] },
  { code: '998', groups: [2, 3, 2, 2] },
  { code: '996', groups: [3, 3, 3] },
  { code: '374', groups: [2, 3, 3] },
  { code: '995', groups: [3, 3, 3] },
  { code: '994', groups: [2, 3, 2, 2] },
];

/** +79123456789 -> +7 912 345-67-89; other numbers keep their country code and read in groups. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const digits = e164.replace(/[^\d]/g, '');
  if (!e164.startsWith('+') || digits.length < 8) return e164;
  const plan = GROUPS.find((g) => digits.startsWith(g.code) && digits.length - g.code.length === g.groups.reduce((a, b) => a + b, 0));
  if (plan) {
    let rest = digits.slice(plan.code.length);
    const parts = plan.groups.map((n) => {
      const part = rest.slice(0, n);
      rest = rest.slice(n);
      return part;
    });
    return `+${plan.code} ${parts[0]} ${parts[1]}${parts.length > 2 ? `-${parts.slice(2).join('-')}` : ''}`;
  }
  return `+${digits.slice(0, digits.length - 10 > 0 ? digits.length - 10 : 1)} ${digits.slice(-10).replace(/(\d{3})(\d{3})(\d+)/, '$1 $2 $3')}`;
}

/** "4:05" or "1:02:03" for a countdown or a wait. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const UNITS: Record<Lang, { d: string; h: string; min: string }> = { ru: { d: 'дн', h: 'ч', min: 'мин' }, en: { d: 'd', h: 'h', min: 'min' } };

/** A wait or an overdue time: "4:05" under an hour (it ticks), then "2 ч 15 мин", then "3 дн 4 ч". */
export function formatElapsed(ms: number, lang: Lang): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return formatClock(ms);
  const u = UNITS[lang];
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} ${u.h} ${minutes % 60} ${u.min}`;
  const hours = Math.floor(minutes / 60);
  return `${Math.floor(hours / 24)} ${u.d} ${hours % 24} ${u.h}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], options);
    numberFormats.set(key, f);
  }
  return f;
}

/** 12 345 */
export function formatNumber(value: number | null | undefined, lang: Lang): string {
  return value === null || value === undefined ? '—' : numberFormat(lang, { maximumFractionDigits: 1 }).format(value);
}

/** 0.4167 -> 41,7 % */
export function formatPercent(ratio: number | null | undefined, lang: Lang): string {
  return ratio === null || ratio === undefined ? '—' : numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** A change: +12 % or −3,5 % */
export function formatChange(ratio: number, lang: Lang): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
}

/** Money without kopecks for large sums: 125 000 ₽ */
export function formatAmount(amount: number | null | undefined, currency: string, lang: Lang): string {
  if (amount === null || amount === undefined) return '—';
  return numberFormat(lang, { style: 'currency', currency, maximumFractionDigits: Math.abs(amount) >= 1000 ? 0 : 2 }).format(amount);
}

/** A local date (YYYY-MM-DD) as "12 мар." / "12 Mar", without converting zones. */
export function formatLocalDate(date: string, lang: Lang, withYear = false): string {
  return dateFormat(lang, 'UTC', { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(new Date(`${date}T12:00:00Z`));
}

/** A local month (YYYY-MM) as "март 2025" / "March 2025". */
export function formatMonth(month: string, lang: Lang): string {
  return dateFormat(lang, 'UTC', { month: 'long', year: 'numeric' }).format(new Date(`${month}-15T12:00:00Z`));
}
