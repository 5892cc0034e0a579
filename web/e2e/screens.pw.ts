import type { Page } from '@playwright/test';
import { addDays, localParts, zonedIso } from './support/clinic-time';
import { expect, expectAccessible, expectTranslated, goAvailable, type Lang, newWindow, openConsole, screenshot, signIn, test } from './support/fixtures';
import { choose, grid } from './support/screens';

const T = {
  ru: {
    signIn: 'Вход в Clinicdesk',
    newInquiries: 'Новые обращения',
    claim: 'Взять обращение',
    record: 'Записать звонок',
    callback: 'Просит перезвонить',
    book: 'Записать на приём',
    bookDialog: 'Запись на приём',
    service: 'Услуга',
    callbacks: 'Мои перезвоны',
    patients: 'Пациенты',
    search: 'Фамилия, имя или телефон',
    schedule: 'Расписание',
    details: 'Запись',
    newAppointment: 'Новая запись',
    walkIn: 'Пациент без записи',
    incoming: 'Входящий звонок',
    history: 'История пациента',
    hours: 'Часы',
    cellAt: (doctor: string, time: string) => `Записать к ${doctor} на ${time}`,
  },
  en: {
    signIn: 'Sign in to Clinicdesk',
    newInquiries: 'New inquiries',
    claim: 'Claim inquiry',
    record: 'Record a call',
    callback: 'Asked to call back',
    book: 'Book an appointment',
    bookDialog: 'Book an appointment',
    service: 'Service',
    callbacks: 'My callbacks',
    patients: 'Patients',
    search: 'Last name, first name or phone',
    schedule: 'Schedule',
    details: 'Appointment',
    newAppointment: 'New appointment',
    walkIn: 'Walk-in patient',
    incoming: 'Incoming call',
    history: 'Patient history',
    hours: 'Hours',
    cellAt: (doctor: string, time: string) => `Book with ${doctor} at ${time}`,
  },
};

/** A finished screen: a picture for people to look at, every string in the page's language, no accessibility violations. */
async function check(page: Page, name: string, lang: Lang, accessible = true) {
  await screenshot(page, name, lang);
  await expectTranslated(page, lang);
  if (accessible) await expectAccessible(page);
}

for (const lang of ['ru', 'en'] as const) {
  const t = T[lang];
  test(`every screen reads well in ${lang === 'ru' ? 'Russian' : 'English'}, in the branch's time zone, and passes axe`, async ({
    browser,
    people,
    api,
    seed,
  }) => {
    // Website inquiries go to the call center's branch (the first one), so the person's visit is booked there too.
    const branch = seed.branches[0]!;
    const extension = `8${Math.floor(Math.random() * 1e6)}`;
    const operator = await people.staff('operator', { extension });
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const date = addDays(localParts(Date.now(), branch.timezone).date, 4);
    const time = lang === 'ru' ? '10:00' : '11:00';

    const anonymous = await newWindow(browser, lang);
    await anonymous.page.goto('/');
    await expect(anonymous.page.getByRole('heading', { name: t.signIn })).toBeVisible();
    await check(anonymous.page, 'sign-in', lang);
    await anonymous.context.close();

    // History for the person who will call: a visit booked in a few days, and an inquiry now.
    const lead = await people.webLead({
      message: lang === 'ru' ? 'Болит живот уже неделю, хочу УЗИ и консультацию' : 'Stomach pain for a week, I would like an ultrasound',
    });
    const card = await api.as<{ patientId: string }>(seed.admin, 'GET', `/leads/${lead.id}`);
    await api.as(seed.admin, 'POST', '/appointments', {
      doctorId: branch.doctors[1]!.id,
      serviceId: seed.services.ultrasound,
      branchId: branch.id,
      startsAt: zonedIso(branch.timezone, date, time),
      patientId: card.patientId,
    });
    await people.webLead({ utm: { source: 'vk', campaign: 'family-doctor' } });

    const op = await openConsole(browser, operator, lang);
    await goAvailable(op.page, lang);
    await expect(op.page.getByRole('list', { name: t.newInquiries })).toContainText(lead.name);
    await check(op.page, 'desk-queue', lang);

    await op.page
      .getByRole('list', { name: t.newInquiries })
      .getByRole('button', { name: `${t.claim}: ${lead.name}` })
      .click();
    await expect(op.page.getByRole('heading', { name: lead.name })).toBeVisible();
    await expect(op.page.getByRole('region', { name: t.history })).toContainText(time);
    await check(op.page, 'lead-card', lang);

    await op.page.getByRole('button', { name: t.record }).click();
    await op.page.getByRole('radio', { name: t.callback }).check();
    await expect(op.page.getByLabel(t.hours)).toBeVisible();
    await check(op.page, 'call-form', lang);

    await op.page.getByRole('button', { name: t.book }).click();
    const dialog = op.page.getByRole('dialog', { name: t.bookDialog });
    await choose(dialog, t.service, /УЗИ брюшной полости/);
    await expect(dialog.getByRole('button', { name: new RegExp(`^\\d\\d:\\d\\d, ${branch.doctors[1]!.fullName}$`) }).first()).toBeVisible();
    await check(op.page, 'booking-picker', lang);
    await op.page.keyboard.press('Escape');

    await op.page.getByRole('link', { name: lang === 'ru' ? 'Перезвоны' : 'Callbacks' }).click();
    await expect(op.page.getByRole('heading', { name: t.callbacks })).toBeVisible();
    await check(op.page, 'callbacks-page', lang);

    await op.page.getByRole('link', { name: t.patients }).click();
    await op.page.getByRole('textbox', { name: t.search }).fill(lead.shownPhone);
    await op.page.getByRole('option', { name: new RegExp(lead.name) }).click();
    await expect(op.page.getByRole('region', { name: t.history })).toBeVisible();
    await check(op.page, 'patient', lang);

    await api.telephony(seed.telephony.id, seed.telephony.key, {
      type: 'call_started',
      callId: `pbx-screens-${extension}`,
      direction: 'inbound',
      from: lead.phone,
      to: '+73432000000',
      extension,
      at: new Date().toISOString(),
    });
    await expect(op.page.getByRole('dialog', { name: t.incoming })).toContainText(lead.name);
    await check(op.page, 'incoming-call', lang);
    await op.context.close();

    const desk = await newWindow(browser, lang);
    await signIn(desk.page, reception, lang);
    await desk.page.goto(`/schedule?branch=${branch.id}&date=${date}`);
    const block = grid.block(desk.page, branch.doctors[1]!.fullName, lead.name);
    // 10:00 in the branch's zone, though the browser's own zone is New York.
    await expect(block).toHaveAccessibleName(new RegExp(`^${time}–${time.slice(0, 2)}:30[,\\s]+${lead.name}[,\\s]+УЗИ брюшной полости`));
    await expect(desk.page.getByRole('heading', { name: t.schedule })).toBeVisible();
    await check(desk.page, 'schedule', lang);

    await block.click();
    await expect(desk.page.getByRole('dialog', { name: t.details })).toContainText(lead.name);
    await check(desk.page, 'appointment', lang);
    await desk.page.keyboard.press('Escape');

    await grid
      .column(desk.page, branch.doctors[0]!.fullName)
      .getByRole('button', { name: t.cellAt(branch.doctors[0]!.fullName, '12:00') })
      .click();
    await expect(desk.page.getByRole('dialog', { name: t.newAppointment })).toBeVisible();
    await check(desk.page, 'book-cell', lang);
    await desk.page.keyboard.press('Escape');

    await desk.page.getByRole('button', { name: t.walkIn }).click();
    await expect(desk.page.getByRole('dialog', { name: t.walkIn })).toBeVisible();
    await check(desk.page, 'walk-in', lang);
    await desk.context.close();
  });
}
