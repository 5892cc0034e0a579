import type { Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from './support/clinic-db';
import { addDays, localParts } from './support/clinic-time';
import { expect, expectAccessible, expectTranslated, goAvailable, type Lang, newWindow, openConsole, screenshot, test } from './support/fixtures';

interface Slot {
  doctorId: string;
  branchId: string;
  startsAt: string;
}

/** The clinic's own texts (the consent document's title) stay in Russian on the English page. */
const CLINIC_TEXTS = ['Согласие на обработку персональных данных'];

async function check(page: Page, name: string, lang: Lang) {
  await screenshot(page, name, lang);
  await expectTranslated(page, lang, { data: CLINIC_TEXTS });
  await expectAccessible(page);
}

/** A field of the widget's form by its label (a required one's label ends with an asterisk). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}( \\*)?$`));

const T = {
  ru: {
    title: 'Запись на приём',
    later: 'Позже →',
    lastName: 'Фамилия',
    firstName: 'Имя',
    phone: 'Телефон',
    consent: 'Я даю согласие на обработку моих персональных данных',
    book: 'Записаться',
    taken: 'Это время только что заняли. Выберите, пожалуйста, другое.',
    done: 'Вы записаны',
    chooseSlot: 'Выберите время',
  },
  en: {
    title: 'Book an appointment',
    later: 'Later →',
    lastName: 'Last name',
    firstName: 'First name',
    phone: 'Phone',
    consent: 'I consent to the processing of my personal data',
    book: 'Book',
    taken: 'Someone has just taken this time. Please choose another one.',
    done: 'You are booked',
    chooseSlot: 'Choose a time',
  },
};

test.describe('the online-booking widget', () => {
  for (const lang of ['ru', 'en'] as const) {
    const t = T[lang];
    test(`books a time, and sends the person back to the times when someone else took it meanwhile (${lang})`, async ({
      browser,
      api,
      seed,
      branch,
      people,
    }) => {
      const doctor = branch.doctors[2]!;
      const { page, context } = await newWindow(browser, lang);
      await page.goto(`/widget?key=${seed.webForm.key}&service=${seed.services.dentist}&doctor=${doctor.id}&lang=${lang}`);
      await expect(page.getByRole('heading', { name: t.chooseSlot })).toBeVisible();
      // A week (or two) ahead, where no other test books this doctor.
      await expect(page.getByRole('group', { name: t.chooseSlot })).toBeVisible();
      const today = localParts(Date.now(), branch.timezone).date;
      let response;
      for (let week = 1; week <= (lang === 'ru' ? 1 : 2); week++) {
        const from = `from=${addDays(today, 7 * week)}`;
        [response] = await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/v1/public/availability') && r.url().includes(from)),
          page.getByRole('button', { name: t.later }).click(),
        ]);
      }
      const slots = ((await response!.json()) as { data: Slot[] }).data.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      const first = slots[0]!;
      // The next time that does not overlap the first (a visit is an hour), the same day.
      const second = slots.find((slot) => Date.parse(slot.startsAt) >= Date.parse(first.startsAt) + 60 * 60_000)!;
      const timeOf = (slot: Slot) => localParts(slot.startsAt, branch.timezone).time;
      const button = (slot: Slot) => page.getByRole('button', { name: new RegExp(`, ${timeOf(slot)}, ${doctor.fullName}$`) });
      await expect(button(first!)).toBeVisible();
      await check(page, 'widget-times', lang);

      await button(first!).click();
      const person = people.next();
      await field(page, t.lastName).fill(person.lastName);
      await field(page, t.firstName).fill(person.firstName);
      await field(page, t.phone).fill(person.phone);
      await page.getByRole('checkbox', { name: t.consent }).check();
      await check(page, 'widget-details', lang);

      // Someone else books the same time first.
      const rival = people.next();
      const document = await api.call<{ id: string }>('GET', '/public/consent-documents/current?kind=personal_data');
      await api.call(
        'POST',
        '/public/appointments',
        {
          serviceId: seed.services.dentist,
          doctorId: doctor.id,
          branchId: first!.branchId,
          startsAt: first!.startsAt,
          patient: { lastName: rival.lastName, firstName: rival.firstName, phone: rival.phone },
          consent: { documentId: document.id, accepted: true },
        },
        { 'X-Intake-Key': seed.webForm.key, 'Idempotency-Key': `rival-${rival.phone}` },
      );
      await page.getByRole('button', { name: t.book, exact: true }).click();
      await expect(page.getByRole('alert')).toHaveText(t.taken);
      await expect(button(first!)).toHaveCount(0);
      await check(page, 'widget-slot-taken', lang);

      // Another time: booked.
      await button(second!).click();
      await field(page, t.lastName).fill(person.lastName);
      await field(page, t.firstName).fill(person.firstName);
      await field(page, t.phone).fill(person.phone);
      await page.getByRole('checkbox', { name: t.consent }).check();
      await page.getByRole('button', { name: t.book, exact: true }).click();
      await expect(page.getByRole('heading', { name: t.done })).toBeVisible();
      await expect(page.getByRole('status')).toContainText(timeOf(second!));
      await check(page, 'widget-booked', lang);
      // One visit at each time: the rival's at the first, this person's at the second.
      const booked = await sql<{ starts_at: Date; last_name: string }>(
        `SELECT a.starts_at, p.last_name FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.doctor_id = $1 AND a.starts_at = ANY($2::timestamptz[]) ORDER BY a.starts_at`,
        [doctor.id, [first!.startsAt, second!.startsAt]],
      );
      expect(booked.map((b) => [b.starts_at.toISOString(), b.last_name])).toEqual([
        [first!.startsAt, rival.lastName],
        [second!.startsAt, person.lastName],
      ]);
      await context.close();
    });
  }

  test('is embedded on the clinic’s website by its script tag', async ({ browser, seed }) => {
    const base = process.env.CLINICDESK_E2E_URL!;
    // The clinic's website, on another address.
    const site = createServer((_, response) => {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><html lang="ru"><head><title>Клиника</title></head><body><h1>Клиника на Ленина</h1>
        <script src="${base}/widget.js" data-key="${seed.webForm.key}" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const { page, context } = await newWindow(browser, 'ru');
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      const widget = page.frameLocator('iframe[title="Запись на приём"]');
      await expect(widget.getByRole('heading', { name: 'Выберите услугу' })).toBeVisible();
      await expect(widget.getByRole('button', { name: /Лечение кариеса/ })).toBeVisible();
      await screenshot(page, 'widget-embedded', 'ru');
      await context.close();
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });
});

test.describe('the consent-withdrawal page', () => {
  for (const lang of ['ru', 'en'] as const) {
    test(`shows what the link withdraws, withdraws it, and the person leaves the operators’ queue (${lang})`, async ({ browser, api, seed, people }) => {
      const operator = await people.staff('operator');
      const op = await openConsole(browser, operator);
      await goAvailable(op.page);
      const person = people.next();
      const sent = await api.call<{ id: string; consentWithdrawalToken: string }>(
        'POST',
        '/public/intake/web-form',
        { name: person.name, phone: person.phone, message: 'Хочу записаться к терапевту', consent: { documentId: seed.documentId, accepted: true } },
        { 'X-Intake-Key': seed.webForm.key },
      );
      const queue = op.page.getByRole('list', { name: 'Новые обращения' });
      await expect(queue.locator(`a[href="/desk/leads/${sent.id}"]`)).toHaveText(person.name);

      const { page, context } = await newWindow(browser, lang);
      await page.goto(`/consent/withdraw?lang=${lang}#token=${encodeURIComponent(sent.consentWithdrawalToken)}`);
      await expect(page.getByText('«Согласие на обработку персональных данных», ' + (lang === 'ru' ? 'версия 2026-1' : 'version 2026-1'))).toBeVisible();
      // Nothing about the person on a page anyone with the link can open.
      await expect(page.locator('body')).not.toContainText(person.lastName);
      await check(page, 'withdrawal', lang);
      await page.getByRole('button', { name: lang === 'ru' ? 'Отозвать согласие' : 'Withdraw consent' }).click();
      await expect(page.getByRole('heading', { name: lang === 'ru' ? 'Согласие отозвано' : 'Consent withdrawn' })).toBeVisible();
      await check(page, 'withdrawal-done', lang);

      await expect(queue.locator(`a[href="/desk/leads/${sent.id}"]`)).toHaveCount(0);
      await op.context.close();
      await context.close();
    });
  }
});
