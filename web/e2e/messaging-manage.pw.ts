import type { Page } from '@playwright/test';
import { formatElapsed, formatNumber, formatPercent, type Lang } from '../src/lib/format';
import { addDays, localParts, zonedIso } from './support/clinic-time';
import { visitStarted } from './support/clinic-db';
import type { ClinicApi } from './support/clinic-api';
import { expect, expectAccessible, expectTranslated, openConsole, type People, screenshot, test } from './support/fixtures';
import { connectTelegramBot, newChatId, telegramButton, telegramText } from './support/messaging';
import { choose, expectNotice } from './support/screens';
import type { Seed } from './support/seed';

interface Message {
  id: string;
  purpose: string | null;
  status: string;
  text: string | null;
  patientId: string;
}

test.describe('messages to patients: settings, feedback and figures', () => {
  test('an admin changes a branch’s reminders and quiet hours, its reminder text and a recall rule; every tab in Russian and English', async ({
    browser,
    api,
    seed,
    people,
  }) => {
    const branch = seed.dutyBranch;
    const admin = await newAdmin(api, seed, people);
    const { page, context } = await openConsole(browser, admin);
    await page.goto('/manage/messaging');
    await expect(page.getByRole('heading', { name: 'Сообщения пациентам', level: 2 })).toBeVisible();
    await choose(page, 'Филиал', branch.name);
    await expect(page.getByLabel('Напоминание 2: за сколько')).toHaveValue('2');
    await page.getByLabel('Напоминание 2: за сколько').fill('3');
    await page.getByLabel('С: Часы').fill('22');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expectNotice(page, 'Настройки сообщений сохранены');
    await page.getByRole('heading', { name: 'Сообщения пациентам', level: 2 }).scrollIntoViewIfNeeded();
    expect(await api.as(seed.admin, 'GET', `/branches/${branch.id}/messaging`)).toMatchObject({
      reminderOffsetsMin: [1440, 180],
      quietStart: '22:00',
      quietEnd: '09:00',
    });
    await screenshot(page, 'messaging-branch', 'ru');
    await expectTranslated(page, 'ru');
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'Шаблоны' }).click();
    await choose(page, 'Где действуют', branch.name);
    const reminder = page.getByRole('form', { name: 'Напоминание' });
    await expect(reminder).toContainText('Встроенный текст');
    const text = '{clinic}: ждём вас {date} в {time}, врач {doctor}. Травмпункт работает круглосуточно. {answerHint}';
    await reminder.getByLabel('Текст').fill(text);
    await reminder.getByRole('button', { name: 'Сохранить шаблон' }).click();
    await expectNotice(page, 'Шаблон сохранён');
    await expect(reminder).toContainText('Свой текст');
    const templates = await api.as<{ data: Array<{ branchId: string | null; purpose: string; body: string }> }>(
      seed.admin,
      'GET',
      `/message-templates?branchId=${branch.id}&language=ru`,
    );
    expect(templates.data.filter((t) => t.branchId === branch.id)).toEqual([expect.objectContaining({ purpose: 'reminder', body: text })]);
    await screenshot(page, 'messaging-templates', 'ru');
    await expectTranslated(page, 'ru');
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'Повторные визиты' }).click();
    await page.getByLabel('Через сколько дней позвать снова: Лечение кариеса').fill('180');
    await page
      .getByRole('row', { name: /Лечение кариеса/ })
      .getByRole('button', { name: 'Сохранить' })
      .click();
    await expectNotice(page, 'Правило повторного визита сохранено');
    const rules = await api.as<{ data: Array<{ serviceId: string; intervalDays: number; followUpDays: number }> }>(seed.admin, 'GET', '/recall-rules');
    expect(rules.data).toContainEqual(expect.objectContaining({ serviceId: seed.services.dentist, intervalDays: 180, followUpDays: 7 }));
    await screenshot(page, 'messaging-recall', 'ru');
    await expectTranslated(page, 'ru');
    await expectAccessible(page);
    await context.close();

    const en = await openConsole(browser, admin, 'en');
    await en.page.goto('/manage/messaging');
    await choose(en.page, 'Branch', branch.name);
    await expect(en.page.getByLabel('Reminder 2: how long before')).toHaveValue('3');
    await screenshot(en.page, 'messaging-branch', 'en');
    await expectTranslated(en.page, 'en');
    await en.page.getByRole('tab', { name: 'Templates' }).click();
    await choose(en.page, 'Applies to', branch.name);
    await expect(en.page.getByRole('form', { name: 'Reminder' })).toContainText('Own text');
    await screenshot(en.page, 'messaging-templates', 'en');
    await expectTranslated(en.page, 'en');
    await en.page.getByRole('tab', { name: 'Recalls' }).click();
    await expect(en.page.getByLabel('Invite back after (days): Лечение кариеса')).toHaveValue('180');
    await screenshot(en.page, 'messaging-recall', 'en');
    await expectTranslated(en.page, 'en');
    await en.context.close();
  });

  test('a low rating after a visit waits in the feedback list until the manager records the follow-up; the dashboard shows the API’s messaging figures', async ({
    browser,
    people,
    api,
    seed,
    branch,
  }) => {
    const manager = await people.staff('manager', { branchIds: [branch.id] });
    const doctor = branch.doctors[0]!;
    // Feedback requests go right after the visit, whatever the hour (no quiet hours in this branch).
    await api.as(seed.admin, 'PUT', `/branches/${branch.id}/messaging`, { feedbackDelayMin: 0, quietStart: '00:00', quietEnd: '00:00' });
    const bot = await connectTelegramBot(api, seed.admin, branch.id);
    const person = people.next();
    const chatId = newChatId();
    await telegramText(api, bot, { chatId, firstName: person.firstName, lastName: person.lastName }, 'Здравствуйте, хочу записаться на чистку');
    const inbox = await api.as<{ data: Message[] }>(manager, 'GET', '/messages?channel=telegram&direction=in&limit=200');
    const first = inbox.data.find((m) => m.text === 'Здравствуйте, хочу записаться на чистку')!;
    await api.as(manager, 'POST', `/messages/${first.id}/consent`, { documentId: seed.documentId });

    const tomorrow = addDays(localParts(Date.now(), branch.timezone).date, 1);
    const visit = await api.as<{ id: string }>(seed.admin, 'POST', '/appointments', {
      doctorId: doctor.id,
      serviceId: seed.services.therapist,
      branchId: branch.id,
      startsAt: zonedIso(branch.timezone, tomorrow, '19:00'),
      patientId: first.patientId,
    });
    await visitStarted(visit.id, 90);
    for (const status of ['arrived', 'completed']) await api.as(seed.admin, 'POST', `/appointments/${visit.id}/status`, { status });
    const thread = () => api.as<{ data: Message[] }>(manager, 'GET', `/patients/${first.patientId}/messages`);
    await expect.poll(async () => (await thread()).data.find((m) => m.purpose === 'feedback')?.status, { timeout: 20_000 }).toBe('sent');
    const request = (await thread()).data.find((m) => m.purpose === 'feedback')!;
    await telegramButton(api, bot, chatId, `rate:${request.id}:2`);
    await telegramText(api, bot, { chatId, firstName: person.firstName }, 'Долго ждала в коридоре, врач торопился');
    await expect
      .poll(
        async () =>
          (await api.as<{ data: Array<{ appointmentId: string; comment: string | null }> }>(manager, 'GET', '/feedback?followUp=open')).data.find(
            (f) => f.appointmentId === visit.id,
          )?.comment,
      )
      .toBe('Долго ждала в коридоре, врач торопился');

    // For the figures: a staff answer in the messenger, and a visit tomorrow the patient confirms with the button.
    await api.as(manager, 'POST', `/patients/${first.patientId}/messages`, { text: 'Здравствуйте! Записали вас, ждём.' });
    const next = await api.as<{ id: string }>(seed.admin, 'POST', '/appointments', {
      doctorId: doctor.id,
      serviceId: seed.services.therapist,
      branchId: branch.id,
      startsAt: zonedIso(branch.timezone, tomorrow, '18:00'),
      patientId: first.patientId,
    });
    const confirmation = async () =>
      (await thread()).data.find((m) => m.purpose === 'confirmation' && (m as Message & { appointmentId: string }).appointmentId === next.id);
    await expect.poll(async () => (await confirmation())?.status, { timeout: 20_000 }).toBe('sent');
    await telegramButton(api, bot, chatId, `confirm:${(await confirmation())!.id}`);
    await expect.poll(async () => (await api.as<{ status: string }>(manager, 'GET', `/appointments/${next.id}`)).status).toBe('confirmed');

    const { page, context } = await openConsole(browser, manager);
    await page.getByRole('link', { name: 'Отзывы' }).click();
    await expect(page.getByRole('heading', { name: 'Отзывы пациентов' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'Долго ждала в коридоре' });
    await expect(row.getByRole('img', { name: 'Оценка 2 из 5' })).toBeVisible();
    await expect(row).toContainText(doctor.fullName);
    await expect(row).toContainText('Ждёт реакции');
    await screenshot(page, 'feedback', 'ru');
    await expectTranslated(page, 'ru');
    await expectAccessible(page);
    await row.getByRole('button', { name: 'Отработать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Что сделано по низкой оценке' });
    await dialog.getByLabel('Что сделано').fill('Позвонили, извинились, предложили бесплатный повторный приём');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expectNotice(page, 'Отзыв отработан');
    await expect(page.getByRole('row').filter({ hasText: 'Долго ждала в коридоре' })).toHaveCount(0);
    await page.getByText('Отработанные', { exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Долго ждала в коридоре' })).toContainText('Позвонили, извинились');
    await expect(page.getByRole('row').filter({ hasText: 'Долго ждала в коридоре' })).toContainText('Отработан');

    // The figures on the dashboard are the API's, for the same period.
    const today = localParts(Date.now(), branch.timezone).date;
    const from = addDays(today, -29);
    const to = tomorrow;
    for (const lang of ['ru', 'en'] as const) {
      const window = lang === 'ru' ? { page, context } : await openConsole(browser, manager, 'en');
      const report = await api.as<MessagingReport>(manager, 'GET', `/analytics/messaging?from=${from}&to=${to}`);
      expect(report.ratings).toContainEqual(expect.objectContaining({ doctorId: doctor.id, low: expect.any(Number) }));
      expect(report.confirmations.confirmedByPatient).toBeGreaterThan(0);
      expect(report.replies.medianSec).not.toBeNull();
      await window.page.goto(`/dashboard?tab=messaging&from=${from}&to=${to}`);
      await expectFigures(window.page, report, lang, doctor.fullName);
      await screenshot(window.page, 'dashboard-messaging', lang);
      await expectTranslated(window.page, lang);
      await expectAccessible(window.page);
      if (lang === 'en') {
        await window.page.goto('/feedback');
        await window.page.getByText('Followed up', { exact: true }).first().click();
        await expect(window.page.getByRole('row').filter({ hasText: 'Долго ждала в коридоре' })).toContainText('Followed up');
        await screenshot(window.page, 'feedback', 'en');
        await expectTranslated(window.page, 'en');
      }
      await window.context.close();
    }
  });
});

/** An administrator with a name as the clinic would write it (the first admin is called "Администратор"). */
async function newAdmin(api: ClinicApi, seed: Seed, people: People): Promise<{ email: string; password: string }> {
  const person = people.next();
  const admin = { email: `admin-${person.phone.slice(1)}@clinic.example`, password: `pass-${person.phone}` };
  await api.as(seed.admin, 'POST', '/staff', {
    ...admin,
    fullName: `${person.firstName} ${person.lastName}`,
    role: 'admin',
    branchIds: [...seed.branches, seed.dutyBranch].map((b) => b.id),
  });
  return admin;
}

interface Group {
  appointments: number;
  visits: number;
  noShows: number;
  noShowRate: number | null;
}
interface MessagingReport {
  confirmations: { reminded: number; confirmedByPatient: number; confirmationRate: number | null };
  withReminder: Group;
  withoutReminder: Group;
  replies: { inbound: number; answered: number; medianSec: number | null; p90Sec: number | null };
  ratings: Array<{ doctorId: string; name: string | null; ratings: number; average: number; low: number }>;
  recall: { messaged: number; booked: number; conversionRate: number | null };
}

const LABELS = {
  ru: {
    confirmation: 'Подтвердили визит',
    withReminder: 'Неявки с напоминанием',
    withoutReminder: 'Неявки без напоминания',
    reply: 'Время ответа в мессенджерах',
    recall: 'Записались после приглашения',
  },
  en: {
    confirmation: 'Confirmed their visit',
    withReminder: 'No-shows with a reminder',
    withoutReminder: 'No-shows without a reminder',
    reply: 'Reply time in messengers',
    recall: 'Booked after a recall',
  },
};

async function expectFigures(page: Page, r: MessagingReport, lang: Lang, doctorName: string): Promise<void> {
  const figure = (label: string) => page.getByRole('group', { name: label });
  const l = LABELS[lang];
  await expect(figure(l.confirmation)).toContainText(formatPercent(r.confirmations.confirmationRate, lang));
  await expect(figure(l.confirmation)).toContainText(formatNumber(r.confirmations.reminded, lang));
  await expect(figure(l.withReminder)).toContainText(formatPercent(r.withReminder.noShowRate, lang));
  await expect(figure(l.withoutReminder)).toContainText(formatPercent(r.withoutReminder.noShowRate, lang));
  await expect(figure(l.reply)).toContainText(r.replies.medianSec === null ? '—' : formatElapsed(r.replies.medianSec * 1000, lang));
  await expect(figure(l.recall)).toContainText(formatPercent(r.recall.conversionRate, lang));
  const rating = r.ratings.find((d) => d.name === doctorName)!;
  const row = page.getByRole('row', { name: new RegExp(`^${doctorName}`) });
  await expect(row).toContainText(formatNumber(rating.ratings, lang));
  await expect(row).toContainText(formatNumber(rating.average, lang));
}
