import { visitStarted } from './support/clinic-db';
import { addDays, localParts, zonedIso } from './support/clinic-time';
import { expect, openConsole, screenshot, test } from './support/fixtures';
import { choose, grid } from './support/screens';

test.describe('the reception day grid', () => {
  test('book into an empty cell, move by drag and by the form, cancel with a reason', async ({ browser, people, branch }) => {
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const { page, context } = await openConsole(browser, reception);
    const date = addDays(localParts(Date.now(), branch.timezone).date, 1);
    await page.goto(`/schedule?branch=${branch.id}&date=${date}`);
    const doctor = branch.doctors[1]!.fullName;
    const patient = people.next();

    await grid.cell(page, doctor, '10:00').click();
    const dialog = page.getByRole('dialog', { name: 'Новая запись' });
    await expect(dialog).toContainText(`${doctor} ·`);
    await dialog.getByText('Новый пациент').click();
    await dialog.getByLabel('Фамилия').fill(patient.lastName);
    await dialog.getByLabel(/^Имя/).fill(patient.firstName);
    await dialog.getByLabel('Телефон').fill(patient.phone);
    await choose(dialog, 'Услуга', /УЗИ брюшной полости/);
    await screenshot(page, 'reception-book-cell', 'ru');
    await dialog.getByRole('button', { name: 'Записать' }).click();
    await expect(page.getByText('Запись создана')).toBeVisible();
    const block = grid.block(page, doctor, patient.name);
    await expect(block).toHaveAccessibleName(grid.blockName('10:00–10:30', patient.name, 'УЗИ брюшной полости', 'Записан'));

    await block.dragTo(grid.cell(page, doctor, '11:00'), { sourcePosition: { x: 20, y: 4 }, targetPosition: { x: 20, y: 4 } });
    await expect(page.getByText('Запись перенесена')).toBeVisible();
    await expect(block).toHaveAccessibleName(grid.blockName('11:00–11:30', patient.name, 'УЗИ брюшной полости', 'Записан'));

    await block.click();
    const drawer = page.getByRole('dialog', { name: 'Запись' });
    await expect(drawer).toContainText(patient.name);
    await drawer.getByRole('button', { name: 'Перенести' }).click();
    await choose(drawer, 'Время', '12:30');
    await drawer.getByRole('button', { name: 'Перенести' }).click();
    await expect(block).toHaveAccessibleName(grid.blockName('12:30–13:00', patient.name, 'УЗИ брюшной полости', 'Записан'));

    await block.click();
    await drawer.getByRole('button', { name: 'Отменить запись' }).click();
    await drawer.getByLabel('Причина отмены').fill('Пациент заболел, перезвонит сам');
    await drawer.getByRole('button', { name: 'Отменить запись' }).click();
    await expect(page.getByText('Запись отменена')).toBeVisible();
    await expect(block).toHaveAccessibleName(grid.blockName('12:30–13:00', patient.name, 'УЗИ брюшной полости', 'Отменён'));
    // The time is free again.
    await expect(grid.cell(page, doctor, '12:30')).toBeVisible();
    await context.close();
  });

  test('a visit goes confirmed -> arrived -> completed once it has started; what the server refuses (a no-show before the time) is shown, not hidden', async ({
    browser,
    people,
    api,
    seed,
    branch,
  }) => {
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const tomorrow = addDays(localParts(Date.now(), branch.timezone).date, 1);
    const doctor = branch.doctors[2]!;
    const [visit, other] = [people.next(), people.next()];
    const ids: string[] = [];
    for (const [person, time] of [
      [visit, '14:00'],
      [other, '16:00'],
    ] as const) {
      ids.push(
        (
          await api.as<{ id: string }>(seed.admin, 'POST', '/appointments', {
            doctorId: doctor.id,
            serviceId: seed.services.dentist,
            branchId: branch.id,
            startsAt: zonedIso(branch.timezone, tomorrow, time),
            patient: { lastName: person.lastName, firstName: person.firstName, phone: person.phone },
          })
        ).id,
      );
    }
    // The visit began six hours ago (the booking API takes future times only); reception marks what happened.
    const startedAt = await visitStarted(ids[0]!, 6 * 60);
    const { page, context } = await openConsole(browser, reception);
    await page.goto(`/schedule?branch=${branch.id}&date=${localParts(startedAt.toISOString(), branch.timezone).date}`);
    const drawer = page.getByRole('dialog', { name: 'Запись' });
    const block = grid.block(page, doctor.fullName, visit.name);
    for (const [button, status] of [
      ['Подтвердить', 'Подтверждён'],
      ['Пришёл', 'Пришёл'],
      ['Приём завершён', 'Завершён'],
    ]) {
      await block.click();
      if (button === 'Подтвердить') await screenshot(page, 'reception-appointment', 'ru');
      await drawer.getByRole('button', { name: button, exact: true }).click();
      await expect(block).toHaveAccessibleName(new RegExp(`[,\\s]${status}$`));
    }

    await page.goto(`/schedule?branch=${branch.id}&date=${tomorrow}`);
    await grid.block(page, doctor.fullName, other.name).click();
    await drawer.getByRole('button', { name: 'Не пришёл' }).click();
    await expect(drawer.getByRole('alert')).toContainText('Действие невозможно в текущем состоянии');
    await context.close();
  });

  test('a move onto a taken time is refused by the server and shown; the appointment stays', async ({ browser, people, api, seed, branch }) => {
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const date = addDays(localParts(Date.now(), branch.timezone).date, 2);
    const doctor = branch.doctors[0]!;
    const [first, second] = [people.next(), people.next()];
    for (const [person, time] of [
      [first, '15:00'],
      [second, '16:00'],
    ] as const) {
      await api.as(seed.admin, 'POST', '/appointments', {
        doctorId: doctor.id,
        serviceId: seed.services.therapist,
        branchId: branch.id,
        startsAt: zonedIso(branch.timezone, date, time),
        patient: { lastName: person.lastName, firstName: person.firstName, phone: person.phone },
      });
    }
    const { page, context } = await openConsole(browser, reception);
    await page.goto(`/schedule?branch=${branch.id}&date=${date}`);
    const moving = grid.block(page, doctor.fullName, second.name);
    await moving.dragTo(grid.block(page, doctor.fullName, first.name), { sourcePosition: { x: 20, y: 4 }, targetPosition: { x: 20, y: 4 } });
    await expect(page.getByText('Это время у врача уже занято.')).toBeVisible();
    await screenshot(page, 'reception-move-conflict', 'ru');
    await expect(moving).toHaveAccessibleName(new RegExp(`^16:00–16:30[,\\s]+${second.name}[,\\s]`));
    await context.close();
  });

  test('a move whose live update arrives before the server’s answer still closes the drawer', async ({ browser, people, api, seed, branch }) => {
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const date = addDays(localParts(Date.now(), branch.timezone).date, 9);
    const doctor = branch.doctors[0]!;
    const person = people.next();
    await api.as(seed.admin, 'POST', '/appointments', {
      doctorId: doctor.id,
      serviceId: seed.services.therapist,
      branchId: branch.id,
      startsAt: zonedIso(branch.timezone, date, '11:00'),
      patient: { lastName: person.lastName, firstName: person.firstName, phone: person.phone },
    });
    const { page, context } = await openConsole(browser, reception);
    await page.goto(`/schedule?branch=${branch.id}&date=${date}`);
    const block = grid.block(page, doctor.fullName, person.name);
    // The answer to the move is held until the grid has shown the moved visit from the live event.
    await page.route('**/api/v1/appointments/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      const answer = await route.fetch();
      await expect(block).toHaveAccessibleName(new RegExp(`^11:30–12:00[,\\s]+${person.name}[,\\s]`));
      await route.fulfill({ response: answer });
    });
    await block.click();
    const drawer = page.getByRole('dialog', { name: 'Запись' });
    await drawer.getByRole('button', { name: 'Перенести' }).click();
    await choose(drawer, 'Время', '11:30');
    await drawer.getByRole('button', { name: 'Перенести' }).click();
    await expect(page.getByText('Запись перенесена')).toBeVisible();
    await expect(drawer).toBeHidden();
    await context.close();
  });

  test('find a patient by phone or name and jump to their appointment', async ({ browser, people, api, seed, branch }) => {
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const date = addDays(localParts(Date.now(), branch.timezone).date, 3);
    const doctor = branch.doctors[0]!;
    const person = people.next();
    await api.as(seed.admin, 'POST', '/appointments', {
      doctorId: doctor.id,
      serviceId: seed.services.therapist,
      branchId: branch.id,
      startsAt: zonedIso(branch.timezone, date, '09:30'),
      patient: { lastName: person.lastName, firstName: person.firstName, phone: person.phone },
    });
    const { page, context } = await openConsole(browser, reception);
    await page.goto(`/schedule?branch=${branch.id}`);
    const search = page.getByRole('textbox', { name: 'Найти пациента' });

    await search.fill(person.shownPhone);
    await page.getByRole('option', { name: new RegExp(person.name) }).click();
    await expect(page.getByRole('dialog', { name: 'Записи пациента' })).toContainText('Первичный приём терапевта · ' + doctor.fullName);
    await screenshot(page, 'reception-find-patient', 'ru');
    await page.getByRole('button', { name: 'Показать в расписании' }).click();
    await expect(page).toHaveURL(new RegExp(`date=${date}`));
    await expect(page.getByRole('dialog', { name: 'Запись' })).toContainText(person.name);
    await page.keyboard.press('Escape');

    await search.fill(person.lastName.slice(0, 5));
    await expect(page.getByRole('option', { name: new RegExp(person.name) })).toBeVisible();
    await context.close();
  });

  test('a walk-in gets the nearest free time today and is marked as arrived', async ({ browser, people, seed }) => {
    const duty = seed.dutyBranch;
    const reception = await people.staff('receptionist', { branchIds: [duty.id] });
    const { page, context } = await openConsole(browser, reception);
    await page.goto(`/schedule?branch=${duty.id}`);
    await page.getByRole('button', { name: 'Пациент без записи' }).click();
    const dialog = page.getByRole('dialog', { name: 'Пациент без записи' });
    const person = people.next();
    await dialog.getByText('Новый пациент').click();
    await dialog.getByLabel('Фамилия').fill(person.lastName);
    await dialog.getByLabel(/^Имя/).fill(person.firstName);
    await dialog.getByLabel('Телефон').fill(person.phone);
    await choose(dialog, 'Услуга', 'Первичный приём терапевта');
    await expect(dialog.getByText('Ближайшее свободное время сегодня')).toBeVisible();
    await screenshot(page, 'reception-walk-in', 'ru');
    await dialog.getByRole('button', { name: 'Записать и отметить приход' }).click();
    await expect(page.getByText('Пациент записан и отмечен как пришедший')).toBeVisible();
    await expect(grid.block(page, duty.doctors[0]!.fullName, person.name)).toHaveAccessibleName(
      new RegExp(`[,\\s]${person.name}[,\\s]+Первичный приём терапевта[,\\s]+Пришёл$`),
    );
    await context.close();
  });
});
