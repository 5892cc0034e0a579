/** What Tilda's form webhook carries: the form's own field names (any case) plus tranid, formid and UTM fields. */
export interface TildaSubmission {
  test: boolean;
  tranId: string | null;
  formId: string | null;
  /** The name in one field; or its parts, when the form has a last-name field. */
  name: string | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  phone: string | null;
  email: string | null;
  message: string | null;
  consent: boolean;
  utm: { source?: string; medium?: string; campaign?: string; content?: string; term?: string };
  pageUrl: string | null;
  referrer: string | null;
}

const NAME_FIELDS = ['name', 'fio', 'имя', 'фио', 'your_name'];
const LAST_NAME_FIELDS = ['lastname', 'last_name', 'surname', 'фамилия'];
const FIRST_NAME_FIELDS = ['firstname', 'first_name', 'имя', 'name'];
const MIDDLE_NAME_FIELDS = ['middlename', 'middle_name', 'patronymic', 'отчество'];
const PHONE_FIELDS = ['phone', 'tel', 'telephone', 'телефон', 'phone_number'];
const EMAIL_FIELDS = ['email', 'e-mail', 'mail', 'почта'];
const MESSAGE_FIELDS = ['comments', 'comment', 'message', 'textarea', 'question', 'сообщение', 'комментарий', 'вопрос'];
const CONSENT_FIELDS = ['consent', 'checkbox', 'agreement', 'согласие', 'personal_data'];
const YES = new Set(['yes', 'on', 'true', '1', 'да', 'y']);

/** Reads a Tilda webhook body (form-encoded, already parsed to strings). */
export function parseTilda(body: Record<string, unknown>): TildaSubmission {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(body ?? {})) {
    const text = Array.isArray(value) ? value.join(', ') : typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    fields.set(key.trim().toLowerCase(), text.trim());
  }
  const pick = (names: string[]) => names.map((n) => fields.get(n)).find((v) => v) ?? null;
  const utm = (key: string) => fields.get(`utm_${key}`) || undefined;
  // With a last-name field the form asks for the parts apart; otherwise its name field holds the whole name, kept as given.
  const lastName = pick(LAST_NAME_FIELDS);
  return {
    // Tilda checks a new webhook address with a request carrying only test=test.
    test: fields.get('test') === 'test' && !pick(PHONE_FIELDS),
    tranId: fields.get('tranid') || null,
    formId: fields.get('formid') || null,
    name: lastName ? null : pick(NAME_FIELDS),
    lastName,
    firstName: lastName ? pick(FIRST_NAME_FIELDS) : null,
    middleName: lastName ? pick(MIDDLE_NAME_FIELDS) : null,
    phone: pick(PHONE_FIELDS),
    email: pick(EMAIL_FIELDS),
    message: pick(MESSAGE_FIELDS),
    consent: CONSENT_FIELDS.some((n) => YES.has((fields.get(n) ?? '').toLowerCase())),
    utm: { source: utm('source'), medium: utm('medium'), campaign: utm('campaign'), content: utm('content'), term: utm('term') },
    pageUrl: fields.get('pageurl') || fields.get('page_url') || null,
    referrer: fields.get('referer') || fields.get('referrer') || null,
  };
}
