import type { Page } from '@playwright/test';
import { localParts } from './support/clinic-time';
import { expect, goAvailable, openConsole, screenshot, test } from './support/fixtures';

interface Slot {
  doctorId: string;
  branchId: string;
  startsAt: string;
  endsAt: string;
}

/** Claims the lead from the queue and opens its card. */
async function claim(page: Page, name: string) {
  await page
    .getByRole('list', { name: 'Новые обращения' })
    .getByRole('button', { name: `Взять обращение: ${name}` })
    .click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('dialog').getByLabel(label).or(page.getByRole('main').getByLabel(label)).first().click();
  await page.getByRole('option', { name: option }).click();
}

test.describe('booking from an inquiry', () => {
  test('claim -> call outcome "booked" -> a free time -> the appointment appears on the reception grid at once', async ({ browser, people, api, seed }) => {
    // Website inquiries belong to the call center's branch (the first one): the picker offers its doctors first.
    const branch = seed.branches[0]!;
    const operator = await people.staff('operator');
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const doctor = branch.doctors[0]!;
    const [first] = await api
      .as<{ data: Slot[] }>(seed.admin, 'GET', `/availability?serviceId=${seed.services.therapist}&doctorId=${doctor.id}`)
      .then((r) => r.data);
    const slot = localParts(first!.startsAt, branch.timezone);

    const desk = await openConsole(browser, reception);
    await desk.page.goto(`/schedule?branch=${branch.id}&date=${slot.date}`);
    await expect(desk.page.getByRole('group', { name: doctor.fullName })).toBeVisible();

    const op = await openConsole(browser, operator);
    await goAvailable(op.page);
    const lead = await people.webLead({ message: 'Нужна консультация терапевта' });
    await claim(op.page, lead.name);
    await op.page.getByRole('button', { name: 'Записать звонок' }).click();
    await op.page.getByRole('radio', { name: 'Записан на приём' }).check();
    await choose(op.page, 'Услуга', /Первичный приём терапевта/);
    await choose(op.page, 'Врач', doctor.fullName);
    await op.page
      .getByRole('button', { name: `${slot.time}, ${doctor.fullName}` })
      .first()
      .click();
    const confirm = op.page.getByRole('region', { name: 'Подтвердите запись' });
    await expect(confirm).toContainText(`${lead.name} — Первичный приём терапевта, ${doctor.fullName}`);
    await expect(confirm).toContainText(`в ${slot.time}`);
    await screenshot(op.page, 'call-outcome-booking', 'ru');
    await confirm.getByRole('button', { name: 'Записать' }).click();
    await expect(op.page.getByText('Пациент записан, звонок сохранён')).toBeVisible();
    await expect(op.page.getByText('Записан', { exact: true }).first()).toBeVisible();
    await expect(op.page.getByRole('tab', { name: 'Звонки (1)' })).toBeVisible();

    const block = desk.page
      .getByRole('group', { name: doctor.fullName })
      .getByRole('button', { name: new RegExp(`^${slot.time}–\\d\\d:\\d\\d[,\\s]+${lead.name}[,\\s]+Первичный приём терапевта[,\\s]+Записан$`) });
    await expect(block).toBeVisible();
    await screenshot(desk.page, 'reception-grid-after-booking', 'ru');
    await op.context.close();
    await desk.context.close();
  });

  test('a time taken meanwhile is refused (409) and shown inline with the next free times; one of them books', async ({ browser, people, api, seed }) => {
    // Website inquiries belong to the call center's branch (the first one): the picker offers its doctors first.
    const branch = seed.branches[0]!;
    const operator = await people.staff('operator');
    const doctor = branch.doctors[0]!;
    const op = await openConsole(browser, operator);
    await goAvailable(op.page);
    const lead = await people.webLead();
    await claim(op.page, lead.name);
    await op.page.getByRole('button', { name: 'Записать на приём' }).click();
    const dialog = op.page.getByRole('dialog', { name: 'Запись на приём' });
    await choose(op.page, 'Услуга', /Первичный приём терапевта/);
    await choose(op.page, 'Врач', doctor.fullName);
    const [first] = await api
      .as<{ data: Slot[] }>(seed.admin, 'GET', `/availability?serviceId=${seed.services.therapist}&doctorId=${doctor.id}`)
      .then((r) => r.data);
    const slot = localParts(first!.startsAt, branch.timezone);
    await dialog
      .getByRole('button', { name: `${slot.time}, ${doctor.fullName}` })
      .first()
      .click();

    const someoneElse = people.next();
    await api.as(seed.admin, 'POST', '/appointments', {
      doctorId: doctor.id,
      serviceId: seed.services.therapist,
      branchId: branch.id,
      startsAt: first!.startsAt,
      patient: { lastName: someoneElse.lastName, firstName: someoneElse.firstName, phone: someoneElse.phone },
    });
    await dialog.getByRole('button', { name: 'Записать' }).click();
    const refusal = dialog.getByRole('alert');
    await expect(refusal).toContainText('Это время только что заняли.');
    await expect(refusal).toContainText('Ближайшее свободное время:');
    await screenshot(op.page, 'booking-slot-taken', 'ru');
    await refusal.getByRole('button').first().click();
    await dialog.getByRole('button', { name: 'Записать' }).click();
    await expect(op.page.getByText('Запись создана')).toBeVisible();
    await expect(dialog).toBeHidden();
    await op.context.close();
  });
});
