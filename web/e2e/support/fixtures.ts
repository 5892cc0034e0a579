import { type Browser, type BrowserContext, expect, type Page, test as base } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClinicApi, type Person } from './clinic-api';
import { en } from '../../src/i18n/en';
import { manageEn } from '../../src/i18n/parts/manage.en';
import { manageRu } from '../../src/i18n/parts/manage.ru';
import { ru } from '../../src/i18n/ru';
import { texts as publicTexts } from '../../src/public/shared/texts';
import type { Seed, SeededBranch } from './seed';

export type Lang = 'ru' | 'en';
export { expect };

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCREENSHOTS = path.join(ROOT, '.data/screenshots');
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

const FEMALE = ['Анна', 'Мария', 'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Юлия', 'Екатерина'];
const MALE = ['Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Михаил', 'Павел', 'Иван', 'Николай', 'Артём', 'Виктор'];
const SURNAMES = [
  'Смирнов',
  'Иванов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
];

export interface Lead {
  id: string;
  name: string;
  phone: string;
  /** The phone as the console shows it. */
  shownPhone: string;
}

interface TestFixtures {
  api: ClinicApi;
  seed: Seed;
  /** This worker's branch: its doctors' days are this worker's alone. */
  branch: SeededBranch;
  people: People;
}

/** Unique people for one test: names a clinic would see, phones nobody else in the run has. */
export class People {
  private static counter = 0;

  constructor(
    private readonly api: ClinicApi,
    private readonly seed: Seed,
    private readonly worker: number,
  ) {}

  next(): { name: string; lastName: string; firstName: string; phone: string; shownPhone: string } {
    const n = (this.worker * 150 + People.counter++) % 300;
    const female = n % 2 === 0;
    // m = 10a + b gives first name b and surname (11a + b) mod 15: 150 distinct pairs per gender.
    const m = n >> 1;
    const firstName = (female ? FEMALE : MALE)[m % 10]!;
    const lastName = `${SURNAMES[(11 * Math.floor(m / 10) + (m % 10)) % 15]}${female ? 'а' : ''}`;
    // The worker's index is new when a worker restarts, so phones stay unique in the run.
    const digits = `9${String(this.worker % 100).padStart(2, '0')}${String(People.counter).padStart(7, '0')}`;
    return {
      name: `${lastName} ${firstName}`,
      lastName,
      firstName,
      phone: `+7${digits}`,
      shownPhone: `+7 ${digits.slice(0, 3)} ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`,
    };
  }

  async staff(role: 'operator' | 'receptionist' | 'manager', options: { branchIds?: string[]; extension?: string; fullName?: string } = {}): Promise<Person> {
    const person = this.next();
    const email = `${role}-${person.phone.slice(1)}-${Math.random().toString(36).slice(2, 6)}@clinic.example`;
    const password = `pass-${person.phone}`;
    const fullName = options.fullName ?? `${person.firstName} ${person.lastName}`;
    // Unless a test says otherwise, staff work at every branch of the test clinic (one call center serves them all).
    const branchIds = options.branchIds ?? [...this.seed.branches, this.seed.dutyBranch].map((b) => b.id);
    const created = await this.api.as<{ id: string }>(this.seed.admin, 'POST', '/staff', {
      email,
      password,
      fullName,
      role,
      branchIds,
      extension: options.extension,
    });
    return { email, password, id: created.id, fullName };
  }

  /** A new inquiry from the clinic's website form. */
  async webLead(extra: { message?: string; utm?: Record<string, string>; pageUrl?: string } = {}): Promise<Lead> {
    const person = this.next();
    const id = await this.api.webForm(this.seed.webForm.key, this.seed.documentId, {
      name: person.name,
      phone: person.phone,
      message: extra.message ?? 'Хочу записаться на приём, удобно после 17:00',
      utm: extra.utm ?? { source: 'yandex', medium: 'cpc', campaign: 'checkup-spring' },
      pageUrl: extra.pageUrl ?? 'https://clinic.example/checkup',
    });
    return { id, name: person.name, phone: person.phone, shownPhone: person.shownPhone };
  }
}

export const test = base.extend<TestFixtures>({
  baseURL: async ({}, use) => use(process.env.CLINICDESK_E2E_URL),
  seed: async ({}, use) => use(JSON.parse(process.env.CLINICDESK_E2E_SEED!) as Seed),
  api: async ({}, use) => use(new ClinicApi(process.env.CLINICDESK_E2E_URL!)),
  branch: async ({ seed }, use, testInfo) => use(seed.branches[testInfo.parallelIndex % seed.branches.length]!),
  people: async ({ api, seed }, use, testInfo) => use(new People(api, seed, testInfo.workerIndex)),
});

/** A browser window of its own (cookies, storage, socket) in the given language. */
export async function newWindow(browser: Browser, lang: Lang = 'ru'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: process.env.CLINICDESK_E2E_URL,
    locale: lang === 'ru' ? 'ru-RU' : 'en-GB',
    timezoneId: 'America/New_York',
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  await context.addInitScript((value) => localStorage.setItem('clinicdesk.lang', value), lang);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.stack ?? error.message}`));
  return { context, page };
}

const TEXT = {
  ru: { email: 'Эл. почта', password: 'Пароль', submit: 'Войти' },
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
};

/** Signs in through the sign-in page, as a person does, and waits for their first screen. */
export async function signIn(page: Page, person: { email: string; password: string }, lang: Lang = 'ru'): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(TEXT[lang].email).fill(person.email);
  await page.getByLabel(TEXT[lang].password).first().fill(person.password);
  await page.getByRole('button', { name: TEXT[lang].submit }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

/** Opens a window for `person`, signed in. */
export async function openConsole(browser: Browser, person: { email: string; password: string }, lang: Lang = 'ru') {
  const window = await newWindow(browser, lang);
  await signIn(window.page, person, lang);
  return window;
}

/** An operator goes on the line: only available operators keep the inquiries they hold. */
export async function goAvailable(page: Page, lang: Lang = 'ru'): Promise<void> {
  await page.getByText(lang === 'ru' ? 'На линии' : 'Available', { exact: true }).click();
  await expect(page.getByRole('radio', { name: lang === 'ru' ? 'На линии' : 'Available' })).toBeChecked();
}

/** Keeps a picture of the screen as a test artifact (.data/screenshots/<name>.<lang>.png). */
export async function screenshot(page: Page, name: string, lang: Lang): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.${lang}.png`), fullPage: false });
}

/** No axe violations of WCAG A/AA on the screen as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; help: string; nodes: Array<{ html: string }> }> };
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.html.slice(0, 160))
          .join(' | ')}`,
    );
  });
  expect(violations).toEqual([]);
}

const KEY_PATTERN =
  /\b(common|nav|shell|auth|presence|channels|leadStatus|queue|lead|consent|history|duplicates|call|callbacks|booking|schedule|appointmentStatus|patients|incoming|errors|validation|dashboard|floor|review|myCalls|mfa|profile|manage|staffAdmin|branchesAdmin|weekdays|catalogAdmin|schedulesAdmin|sourcesAdmin|consentsAdmin|settingsAdmin|requestsAdmin|auditAdmin|thread|messagingAdmin|feedback|messagingReport)\.[a-zA-Z_]+(\.[a-zA-Z_]+)*\b/;

/** The fixed words of a language's strings (placeholders cut out), those long enough to be telling. */
function fragments(resources: object, other: object): string[] {
  const flat = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as object).flatMap(flat));
  const shared = new Set(flat(other));
  return [
    ...new Set(
      flat(resources)
        .filter((v) => !shared.has(v))
        .flatMap((v) => v.split(/\{\{[^}]+\}\}/))
        .map((f) => f.trim())
        .filter((f) => f.length >= 6 && /\p{L}{3}/u.test(f)),
    ),
  ];
}
const FOREIGN: Record<Lang, string[]> = {
  ru: [...fragments({ ...en, ...manageEn }, { ...ru, ...manageRu }), ...fragments(publicTexts.en, publicTexts.ru)],
  en: [...fragments({ ...ru, ...manageRu }, { ...en, ...manageEn }), ...fragments(publicTexts.ru, publicTexts.en)],
};

/**
 * Everything on screen is in the page's language: no raw keys, and none of the other language's strings. `data`
 * names what the clinic itself wrote (a document's title) and `codes` a selector of what is shown as stored (the
 * activity log's action codes): both are left out.
 */
export async function expectTranslated(page: Page, lang: Lang, options: { data?: string[]; codes?: string } = {}): Promise<void> {
  let text = await page.evaluate((codes) => {
    const hidden = codes ? [...document.querySelectorAll<HTMLElement>(codes)] : [];
    const before = hidden.map((element) => element.style.visibility);
    hidden.forEach((element) => (element.style.visibility = 'hidden'));
    const shown = document.body.innerText;
    hidden.forEach((element, i) => (element.style.visibility = before[i]!));
    return shown;
  }, options.codes ?? null);
  for (const value of options.data ?? []) text = text.split(value).join(' ');
  expect(text).not.toMatch(KEY_PATTERN);
  // Whole words only: "1Password" on a Russian screen is a product's name, not the English "Password".
  const found = (fragment: string) => new RegExp(`(?<![\\p{L}\\p{N}])${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);
  expect(FOREIGN[lang].filter(found)).toEqual([]);
}
