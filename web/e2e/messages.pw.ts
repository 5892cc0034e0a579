import type { Page } from '@playwright/test';
import { expect, expectAccessible, expectTranslated, goAvailable, openConsole, screenshot, test } from './support/fixtures';
import { connectTelegramBot, connectVkCommunity, fakeTelegram, newChatId, telegramText, vkCalls, vkEvent } from './support/messaging';

const conversation = (page: Page, name = 'Переписка') => page.getByRole('region', { name });
const messages = (page: Page, name = 'Сообщения') => page.getByRole('list', { name });

test.describe('talking to patients from the card', () => {
  test('an operator opens a Telegram lead, reads the message, replies; the reply goes queued -> sent live, counts as first contact, and the patient’s next message appears in the open card', async ({
    browser,
    people,
    api,
    seed,
    branch,
  }) => {
    const operator = await people.staff('operator');
    const bot = await connectTelegramBot(api, seed.admin, branch.id);
    const person = people.next();
    const chatId = newChatId();
    const { page, context } = await openConsole(browser, operator);
    await goAvailable(page);

    await telegramText(api, bot, { chatId, firstName: person.firstName, lastName: person.lastName }, 'Здравствуйте! Сколько стоит чистка зубов?');
    const row = page.getByRole('list', { name: 'Новые обращения' }).getByRole('listitem').filter({ hasText: 'Telegram' }).filter({ hasText: person.name });
    await row.getByRole('button', { name: /^Взять обращение/ }).click();
    // Telegram sends the first and last name apart, and the card shows them as stored: last name first.
    await expect(page.getByRole('heading', { name: person.name })).toBeVisible();
    const thread = conversation(page);
    await expect(messages(page).getByRole('listitem')).toHaveCount(1);
    await expect(messages(page).getByRole('listitem').first()).toContainText('Входящее · Telegram');
    await expect(messages(page).getByRole('listitem').first()).toContainText('Сколько стоит чистка зубов?');
    await expect(page.getByText(/Первый контакт: осталось|Первый контакт до/).first()).toBeVisible();

    // The bot's answer is held back: the reply stays queued on screen until Telegram answers.
    await fakeTelegram.control('hold', chatId);
    await thread.getByLabel('Ответ').fill('Здравствуйте! Профессиональная чистка — 3 500 ₽. Записать вас на завтра?');
    await thread.getByRole('button', { name: 'Отправить' }).click();
    const reply = messages(page).getByRole('listitem').filter({ hasText: 'Профессиональная чистка' });
    await expect(reply).toContainText('Клиника · Telegram');
    await expect(reply.getByText(/^(В очереди|Отправляется)$/)).toBeVisible();
    await expect(thread.getByLabel('Ответ')).toHaveValue('');
    await expect.poll(async () => (await fakeTelegram.control('held', chatId)).count).toBe(1);
    await screenshot(page, 'conversation-queued', 'ru');
    await fakeTelegram.control('release', chatId);
    await expect(reply.getByText('Отправлено', { exact: true })).toBeVisible();
    // The first answer that went out is the first contact: the desk's clock stops.
    await expect(page.getByText('Контакт состоялся').first()).toBeVisible();

    await telegramText(api, bot, { chatId, firstName: person.firstName }, 'Да, давайте на завтра после 17:00');
    await expect(messages(page).getByRole('listitem')).toHaveCount(3);
    await expect(messages(page).getByRole('listitem').last()).toContainText('Да, давайте на завтра после 17:00');
    await screenshot(page, 'conversation-lead', 'ru');
    await expectTranslated(page, 'ru');
    await expectAccessible(page);

    // The patient agreed in writing: the operator records it with that message as the evidence.
    await messages(page).getByRole('listitem').last().getByRole('button', { name: 'Согласие дано в переписке' }).click();
    const consent = page.getByRole('dialog', { name: 'Записать согласие из переписки' });
    await expect(consent).toContainText('Да, давайте на завтра после 17:00');
    await consent.getByRole('button', { name: 'Подтвердить' }).click();
    await expect(page.getByText('Согласие получено')).toBeVisible();
    await expect(messages(page).getByRole('button', { name: 'Согласие дано в переписке' })).toHaveCount(0);
    await context.close();
  });

  test('a message the provider refused shows failed with the reason; sending it again delivers it', async ({ browser, people, api, seed, branch }) => {
    const operator = await people.staff('operator');
    const bot = await connectTelegramBot(api, seed.admin, branch.id);
    const person = people.next();
    const chatId = newChatId();
    await telegramText(api, bot, { chatId, firstName: person.firstName, lastName: person.lastName }, 'Добрый день, есть запись к терапевту на субботу?');
    const { page, context } = await openConsole(browser, operator, 'en');
    await goAvailable(page, 'en');
    const row = page.getByRole('list', { name: 'New inquiries' }).getByRole('listitem').filter({ hasText: 'Telegram' }).filter({ hasText: person.name });
    await row.getByRole('button', { name: /^Claim inquiry/ }).click();

    await fakeTelegram.control('refuse', chatId);
    const thread = conversation(page, 'Conversation');
    await thread.getByLabel('Reply').fill('Yes, Saturday at 10:00 is free.');
    await thread.getByRole('button', { name: 'Send' }).click();
    const reply = messages(page, 'Messages').getByRole('listitem').filter({ hasText: 'Saturday at 10:00' });
    await expect(reply.getByText('Failed', { exact: true })).toBeVisible();
    await expect(reply).toContainText('Reason: telegram sendMessage: 403 Forbidden: bot was blocked by the user');
    await screenshot(page, 'conversation-failed', 'en');
    await expectTranslated(page, 'en');

    await reply.getByRole('button', { name: 'Send again' }).click();
    await expect(reply.getByText('Sent', { exact: true })).toBeVisible();
    await expect(reply).not.toContainText('Reason:');
    await expect(page.getByText('Contacted', { exact: true }).first()).toBeVisible();
    await context.close();
  });

  test('on the patient card a receptionist reads the thread, writes, and opts the person out of automatic messages', async ({
    browser,
    people,
    api,
    seed,
    branch,
  }) => {
    const reception = await people.staff('receptionist', { branchIds: [branch.id] });
    const bot = await connectTelegramBot(api, seed.admin, branch.id);
    const person = people.next();
    const chatId = newChatId();
    await telegramText(api, bot, { chatId, firstName: person.firstName, lastName: person.lastName }, 'Можно перенести мой приём?');
    const manager = await people.staff('manager');
    const inbox = await api.as<{ data: Array<{ text: string | null; patientId: string }> }>(
      manager,
      'GET',
      '/messages?channel=telegram&direction=in&limit=200',
    );
    const patientId = inbox.data.find((m) => m.text === 'Можно перенести мой приём?')!.patientId;

    for (const lang of ['ru', 'en'] as const) {
      const { page, context } = await openConsole(browser, reception, lang);
      await page.goto(`/patients/${patientId}`);
      const thread = conversation(page, lang === 'ru' ? 'Переписка' : 'Conversation');
      await expect(thread).toContainText('Можно перенести мой приём?');
      if (lang === 'ru') {
        await thread.getByLabel('Ответ').fill('Конечно, на какой день?');
        await thread.getByRole('button', { name: 'Отправить' }).click();
        await expect(messages(page).getByRole('listitem').filter({ hasText: 'на какой день' }).getByText('Отправлено', { exact: true })).toBeVisible();
        await thread.getByRole('button', { name: 'Отписать от рассылок' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Подтвердить' }).click();
        await expect(thread.getByText('Отписан от автоматических сообщений')).toBeVisible();
      } else {
        await expect(thread.getByText('Opted out of automatic messages')).toBeVisible();
      }
      await screenshot(page, 'conversation-patient', lang);
      await expectTranslated(page, lang);
      await expectAccessible(page);
      await context.close();
    }
    expect(await api.as<{ optedOut: boolean }>(manager, 'GET', `/patients/${patientId}/messages`)).toMatchObject({ optedOut: true });
  });

  test('a question under the community’s VK post becomes an inquiry; the operator answers under that comment from the card', async ({
    browser,
    people,
    api,
    seed,
    branch,
  }) => {
    const operator = await people.staff('operator');
    const community = await connectVkCommunity(api, seed.admin, branch.id);
    const author = 300_000_000 + Math.floor(Math.random() * 1e8);
    const post = { post_owner_id: -community.groupId, post_id: 77 };
    await vkEvent(api, community, 'wall_reply_new', {
      id: 901,
      from_id: author,
      date: Math.floor(Date.now() / 1000),
      text: 'Сколько стоит установка импланта?',
      ...post,
    });
    const comments = await api.as<{ data: Array<{ text: string | null; leadId: string | null }> }>(
      seed.admin,
      'GET',
      '/messages?channel=vk_comment&direction=in&limit=200',
    );
    const leadId = comments.data.find((m) => m.text === 'Сколько стоит установка импланта?')!.leadId!;
    await api.as(operator, 'PUT', '/me/presence', { status: 'available' });
    await api.as(operator, 'POST', `/leads/${leadId}/claim`);

    const { page, context } = await openConsole(browser, operator);
    await page.goto(`/desk/leads/${leadId}`);
    const comment = messages(page).getByRole('listitem').filter({ hasText: 'Сколько стоит установка импланта?' });
    await expect(comment).toContainText('Входящее · Комментарий ВК');
    await expect(conversation(page)).toContainText('ответьте под его комментарием');
    await comment.getByRole('button', { name: 'Ответить на комментарий' }).click();
    const form = comment.getByRole('form', { name: 'Ответ под комментарием ВКонтакте' });
    await form.getByLabel('Ответ под комментарием ВКонтакте').fill('Здравствуйте! Имплант под ключ — от 35 000 ₽, напишите нам в сообщения сообщества.');
    await screenshot(page, 'conversation-vk-comment', 'ru');
    await form.getByRole('button', { name: 'Ответить' }).click();
    const answer = messages(page).getByRole('listitem').filter({ hasText: 'Имплант под ключ' });
    await expect(answer).toContainText('Клиника · Комментарий ВК');
    await expect(answer.getByText('Отправлено', { exact: true })).toBeVisible();
    expect((await vkCalls()).filter((c) => c.method === 'wall.createComment' && c.params.message?.startsWith('Здравствуйте! Имплант под ключ'))).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ owner_id: String(-community.groupId), post_id: '77', reply_to_comment: '901' }) }),
    ]);
    await expectTranslated(page, 'ru');
    await expectAccessible(page);
    await context.close();
  });
});
