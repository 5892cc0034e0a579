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
    kind: 'telegram', channel: 'telegram', name: `Telegram-бот ${randomBytes(3).toString('hex')}`, branchId, settings: { secretToken: secret, botToken },
  });
  return { id: source.id, secret };
}

let updateId = Math.floor(Date.now() / 1000);

/** A person's text message to the bot, as Telegram posts it to the clinic's webhook. */
export async function telegramText(api: ClinicApi, bot: TelegramBot, from: { chatId: number; firstName: string; lastName?: string }, text: string): Promise<void> {
  await api.call('POST', `/public/intake/telegram/${bot.id}`, {
    update_id: ++updateId,
    message: {
      message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: from.chatId, type: 'private' },
      from: { id: from.chatId, is_bot: false, first_name: from.firstName, ...(from.lastName ? { last_name: from.lastName } : {}) }, text,
    },
  }, { 'X-Telegram-Bot-Api-Secret-Token': bot.secret });
}

/** A press of an inline button under a message of the bot (a rating, a confirmation). */
export async function telegramButton(api: ClinicApi, bot: TelegramBot, chatId: number, data: string): Promise<void> {
  await api.call('POST', `/public/intake/telegram/${bot.id}`, {
    update_id: ++updateId,
    callback_query: { id: `cbq-${randomBytes(6).toString('hex')}`, from: { id: chatId, is_bot: false, first_name: 'Анна' }, chat_instance: '1', data, message: { message_id: 1, chat: { id: chatId, type: 'private' }, date: 1 } },
  }, { 'X-Telegram-Bot-Api-Secret-Token': bot.secret });
}

/** A chat id nobody else in the run uses. */
export function newChatId(): number {
  return 700_000_000 + Math.floor(Math.random() * 1e8);
}

/** Steers the fake Telegram the app sends to (see fake-telegram.ts). */
export const fakeTelegram = {
  async control(action: 'refuse' | 'hold' | 'release' | 'held', chatId: number): Promise<{ count?: number }> {
    const response = await fetch(`${process.env.CLINICDESK_E2E_TELEGRAM}/control/${action}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: String(chatId) }),
    });
    return response.json() as Promise<{ count?: number }>;
  },
};
