import type { MessageChannel, TemplatePurpose } from './message-types.js';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Placeholders a template may use; anything else in braces is refused when a template is saved. */
export const PLACEHOLDERS = ['clinic', 'firstName', 'doctor', 'service', 'date', 'time', 'address', 'clinicPhone', 'answerHint', 'unsubscribe'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<Placeholder, string | null>>;

/** What a clinic gets until it writes its own texts (per branch and language, with `PUT /message-templates`). */
export const DEFAULT_TEMPLATES: Record<Language, Record<TemplatePurpose, string>> = {
  ru: {
    confirmation: '{clinic}: вы записаны к врачу {doctor} ({service}) на {date} в {time}, {address}. {answerHint}',
    reminder: '{clinic}: напоминаем о приёме у врача {doctor} {date} в {time}, {address}. {answerHint}',
    feedback: '{clinic}: как прошёл приём у врача {doctor}? Оцените его от 1 до 5 и, если хотите, напишите пару слов. {answerHint}',
    recall:
      '{clinic}: {firstName}, подошло время планового визита ({service}). Запишитесь по телефону {clinicPhone} или ответьте на это сообщение. {unsubscribe}',
  },
  en: {
    confirmation: '{clinic}: you are booked with {doctor} ({service}) on {date} at {time}, {address}. {answerHint}',
    reminder: '{clinic}: a reminder of your visit to {doctor} on {date} at {time}, {address}. {answerHint}',
    feedback: '{clinic}: how was your visit to {doctor}? Rate it from 1 to 5 and add a few words if you like. {answerHint}',
    recall: '{clinic}: {firstName}, it is time for your check-up ({service}). Book by phone at {clinicPhone} or reply to this message. {unsubscribe}',
  },
};

const HINTS: Record<Language, { answerByWord: string; answerByPhone: string; rateByDigit: string; stopWord: string; unsubscribeLink: string }> = {
  ru: {
    answerByWord: 'Ответьте «Да», чтобы подтвердить, или «Отмена», чтобы отменить.',
    answerByPhone: 'Отменить или перенести запись: {clinicPhone}.',
    rateByDigit: 'Ответьте цифрой от 1 до 5.',
    stopWord: 'Чтобы не получать такие сообщения, напишите СТОП.',
    unsubscribeLink: 'Отписаться: {url}',
  },
  en: {
    answerByWord: 'Reply YES to confirm or CANCEL to cancel.',
    answerByPhone: 'To cancel or move your visit call {clinicPhone}.',
    rateByDigit: 'Reply with a number from 1 to 5.',
    stopWord: 'Reply STOP to receive no more messages like this.',
    unsubscribeLink: 'Unsubscribe: {url}',
  },
};

/** Channels on which the person can answer (buttons or a reply word): the others get the clinic's phone instead. */
export const ANSWERABLE: readonly MessageChannel[] = ['telegram', 'vk'];

/** The sentence telling the person how to answer, as it fits the channel: Telegram shows buttons instead. */
export function answerHint(language: Language, purpose: TemplatePurpose, channel: MessageChannel, clinicPhone: string | null): string {
  const hints = HINTS[language];
  if (channel === 'telegram' && purpose !== 'recall') return '';
  if (purpose === 'feedback') return ANSWERABLE.includes(channel) ? hints.rateByDigit : '';
  if (purpose === 'recall') return '';
  if (ANSWERABLE.includes(channel)) return hints.answerByWord;
  return clinicPhone ? hints.answerByPhone.replace('{clinicPhone}', clinicPhone) : '';
}

/** How the person stops such messages: STOP in a messenger, the link in an SMS or e-mail (when the server has a public address). */
export function unsubscribeHint(language: Language, channel: MessageChannel, url: string | null): string {
  if (ANSWERABLE.includes(channel)) return HINTS[language].stopWord;
  return url ? HINTS[language].unsubscribeLink.replace('{url}', url) : '';
}

/** Placeholders in a template that are not known: a typo would otherwise reach patients as "{docter}". */
export function unknownPlaceholders(body: string): string[] {
  const names = [...body.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n)))];
}

/** Fills the placeholders; a value that is missing leaves nothing behind, and the spaces around it are tidied. */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body
    .replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? (values[name as Placeholder] ?? '') : whole))
    .replace(/[ \t]+/g, ' ')
    .replace(/ ([.,!?:;])/g, '$1')
    .replace(/\(\)/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** "12 марта" / "12 March" and "09:30", read in the branch's time zone. */
export function visitDateTime(at: Date, zone: string, language: Language): { date: string; time: string } {
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'long' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return { date, time };
}
