import { localParts } from './support/clinic-time';
import { expect, goAvailable, openConsole, screenshot, test } from './support/fixtures';

test.describe('calls', () => {
  test('a callback promised on the call comes due live: a note with the person, one click from their inquiry', async ({ browser, people, seed }) => {
    const operator = await people.staff('operator');
    const { page, context } = await openConsole(browser, operator);
    await goAvailable(page);
    const lead = await people.webLead();
    await page
      .getByRole('list', { name: 'Новые обращения' })
      .getByRole('button', { name: `Взять обращение: ${lead.name}` })
      .click();
    await page.getByRole('button', { name: 'Записать звонок' }).click();
    await page.getByRole('radio', { name: 'Просит перезвонить' }).check();
    await page.getByLabel('Заметка').fill('Просила перезвонить после работы, интересует УЗИ');

    // Due now: a callback may be set up to a minute in the past; a time late in the minute waits for the next one.
    if (new Date().getSeconds() > 45) await page.waitForTimeout((61 - new Date().getSeconds()) * 1000);
    const zone = seed.branches[0]!.timezone;
    const [hours, minutes] = localParts(Date.now(), zone).time.split(':');
    await page.getByLabel('Часы').fill(hours!);
    await page.getByLabel('Минуты').fill(minutes!);
    await screenshot(page, 'call-outcome-callback', 'ru');
    await page.getByRole('button', { name: 'Сохранить звонок' }).click();
    await expect(page.getByText('Звонок сохранён')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Перезвонить' })).toContainText(lead.name);

    const due = page.getByRole('alert').filter({ hasText: 'Пора перезвонить' });
    await expect(due).toContainText(`${lead.name} ждёт звонка`, { timeout: 45_000 });
    await screenshot(page, 'callback-due', 'ru');
    await page.goto('/callbacks');
    await expect(page.getByRole('row', { name: new RegExp(lead.name) })).toContainText('Просрочен');
    await screenshot(page, 'callbacks', 'ru');
    await page.getByRole('button', { name: `Выполнено: ${lead.name}` }).click();
    await expect(page.getByText('Перезвон отмечен выполненным')).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(lead.name) })).toHaveCount(0);
    await context.close();
  });

  test("an incoming call pops up the caller's record for the operator whose extension rings", async ({ browser, people, api, seed }) => {
    const extension = `7${Math.floor(Math.random() * 1e6)}`;
    const operator = await people.staff('operator', { extension });
    const { page, context } = await openConsole(browser, operator);
    await expect(page.getByText('На связи')).toBeVisible();
    const lead = await people.webLead();
    await api.telephony(seed.telephony.id, seed.telephony.key, {
      type: 'call_started',
      callId: `pbx-${extension}`,
      direction: 'inbound',
      from: lead.phone,
      to: '+73432000000',
      extension,
      at: new Date().toISOString(),
    });
    const pop = page.getByRole('dialog', { name: 'Входящий звонок' });
    await expect(pop).toContainText(lead.name);
    await expect(pop).toContainText(lead.shownPhone);
    await expect(pop).toContainText('Открытых обращений: 1');
    await screenshot(page, 'incoming-call', 'ru');
    await pop.getByRole('button', { name: 'Открыть карточку' }).click();
    await expect(page).toHaveURL(new RegExp(`/desk/leads/${lead.id}$`));
    await expect(page.getByRole('heading', { name: lead.name })).toBeVisible();
    await context.close();
  });
});
