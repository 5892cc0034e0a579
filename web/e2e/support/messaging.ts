import { randomBytes } from 'node:crypto';
import type { ClinicApi } from './clinic-api';

/** A Telegram bot of the clinic, as an admin connects it: an intake source with its webhook secret and bot token. */
export interface TelegramBot {
  id: string;
  secret: string;
}

export async function connectTelegramBot(api: ClinicApi, admin: { email: string; password: string }, branchId: string): Promise<TelegramBot> {
  const secret = `tg-${randomBytes(8).toString('hex')}`;
  const botToken = `${1000 + Math.floor(Math.random() * 1e6)}:AAH${randomBytes(16).toString('hex')}`;
  const source = await api.as<{ id: string }>(admin, 'POST', '/intake-sources', {
    kind: 'telegram',
    channel: 'telegram',
    name: `Telegram-бот ${randomBytes(3).toString('hex')}`,
    branchId,
    settings: { secretToken: secret, botToken },
  });
  return { id: source.id, secret };
}

let updateId = Math.floor(Date.now() / 1000);

/** A person's text message to the bot, as Telegram posts it to the clinic's webhook. */
export async function telegramText(
  api: ClinicApi,
  bot: TelegramBot,
  from: { chatId: number; firstName: string; lastName?: string },
  text: string,
): Promise<void> {
  await api.call(
    'POST',
    `/public/intake/telegram/${bot.id}`,
    {
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.chatId, type: 'private' },
        from: { id: from.chatId, is_bot: false, first_name: from.firstName, ...(from.lastName ? { last_name: from.lastName } : {}) },
        text,
      },
    },
    { 'X-Telegram-Bot-Api-Secret-Token': bot.secret },
  );
}

/** A press of an inline button under a message of the bot (a rating, a confirmation). */
export async function telegramButton(api: ClinicApi, bot: TelegramBot, chatId: number, data: string): Promise<void> {
  await api.call(
    'POST',
    `/public/intake/telegram/${bot.id}`,
    {
      update_id: ++updateId,
      callback_query: {
        id: `cbq-${randomBytes(6).toString('hex')}`,
        from: { id: chatId, is_bot: false, first_name: 'Анна' },
        chat_instance: '1',
        data,
        message: { message_id: 1, chat: { id: chatId, type: 'private' }, date: 1 },
      },
    },
    { 'X-Telegram-Bot-Api-Secret-Token': bot.secret },
  );
}

/** A chat id nobody else in the run uses. */
export function newChatId(): number {
  return 700_000_000 + Math.floor(Math.random() * 1e8);
}

/** Steers the fake Telegram the app sends to (see fake-messengers.ts). */
export const fakeTelegram = {
  async control(action: 'refuse' | 'hold' | 'release' | 'held', chatId: number): Promise<{ count?: number }> {
    const response = await fetch(`${process.env.CLINICDESK_E2E_MESSENGERS}/control/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: String(chatId) }),
    });
    return response.json() as Promise<{ count?: number }>;
  },
};

/** A VK community of the clinic, connected with its Callback API secret and access token. */
export interface VkCommunity {
  id: string;
  secret: string;
  groupId: number;
}

export async function connectVkCommunity(api: ClinicApi, admin: { email: string; password: string }, branchId: string): Promise<VkCommunity> {
  const secret = `vk-${randomBytes(8).toString('hex')}`;
  const groupId = 200_000 + Math.floor(Math.random() * 1e5);
  const source = await api.as<{ id: string }>(admin, 'POST', '/intake-sources', {
    kind: 'vk',
    channel: 'vk',
    name: `Сообщество ВК ${randomBytes(3).toString('hex')}`,
    branchId,
    settings: { secret, groupId: String(groupId), confirmationCode: 'abc123', accessToken: `vk1.a.${randomBytes(24).toString('hex')}` },
  });
  return { id: source.id, secret, groupId };
}

let vkEventId = 0;

/** A Callback API event (e.g. `wall_reply_new`: a comment under the community's post), as VK posts it. */
export async function vkEvent(api: ClinicApi, community: VkCommunity, type: string, object: Record<string, unknown>): Promise<void> {
  const response = await api.raw('POST', `/public/intake/vk/${community.id}`, {
    type,
    group_id: community.groupId,
    event_id: `ev${Date.now().toString(36)}${++vkEventId}`,
    v: '5.199',
    secret: community.secret,
    object,
  });
  // VK wants exactly "ok" back, or it sends the event again.
  const text = await response.text();
  if (response.status !== 200 || text !== 'ok') throw new Error(`VK event ${type} -> ${response.status} ${text}`);
}

/** The VK API calls the app made (the access token left out). */
export async function vkCalls(): Promise<Array<{ method: string; params: Record<string, string> }>> {
  const response = await fetch(`${process.env.CLINICDESK_E2E_MESSENGERS}/control/vk-calls`, { method: 'POST' });
  return ((await response.json()) as { calls: Array<{ method: string; params: Record<string, string> }> }).calls;
}
