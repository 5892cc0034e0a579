import { randomBytes } from 'node:crypto';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { type DispatchStats, MessageDispatcher } from '../../src/modules/messages/message-dispatcher.js';
import type { TestApp } from '../setup/test-app.js';
import type { SignedIn } from './staff.factory.js';

export interface MessengerSource {
  id: string;
  secret: string;
  botToken: string;
  accessToken: string;
  groupId: string;
}

/** A Telegram source with its webhook secret and bot token, as an admin sets it up. */
export async function telegramSource(t: TestApp, admin: SignedIn, branchId?: string): Promise<MessengerSource> {
  const secret = `tg-${randomBytes(8).toString('hex')}`;
  const botToken = `${1000 + Math.floor(Math.random() * 1e6)}:AAH${randomBytes(16).toString('hex')}`;
  const res = await t
    .http()
    .post('/api/v1/intake-sources')
    .set('Authorization', admin.auth)
    .send({ kind: 'telegram', channel: 'telegram', name: `Telegram ${randomBytes(4).toString('hex')}`, branchId, settings: { secretToken: secret, botToken } });
  if (res.status !== 201) throw new Error(`telegram source failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, secret, botToken, accessToken: '', groupId: '' };
}

/** A VK community source with its Callback API secret, community id and access token. */
export async function vkSource(t: TestApp, admin: SignedIn, branchId?: string): Promise<MessengerSource> {
  const secret = `vk-${randomBytes(8).toString('hex')}`;
  const groupId = String(200000 + Math.floor(Math.random() * 1e5));
  const accessToken = `vk1.a.${randomBytes(24).toString('hex')}`;
  const res = await t
    .http()
    .post('/api/v1/intake-sources')
    .set('Authorization', admin.auth)
    .send({
      kind: 'vk',
      channel: 'vk',
      name: `VK ${randomBytes(4).toString('hex')}`,
      branchId,
      settings: { secret, groupId, confirmationCode: 'abc123', accessToken },
    });
  if (res.status !== 201) throw new Error(`vk source failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, secret, botToken: '', accessToken, groupId };
}

let updateId = Math.floor(Date.now() / 1000);

/** A Telegram update with a text message from a user, posted to the webhook as Telegram does. */
export async function telegramText(t: TestApp, source: MessengerSource, from: { id: number; first_name?: string }, text: string): Promise<void> {
  const res = await t
    .http()
    .post(`/api/v1/public/intake/telegram/${source.id}`)
    .set('X-Telegram-Bot-Api-Secret-Token', source.secret)
    .send({
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.id, type: 'private' },
        from: { is_bot: false, first_name: 'Анна', ...from },
        text,
      },
    });
  if (res.status !== 200) throw new Error(`telegram update failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A press of an inline button (callback_query), as Telegram posts it. */
export async function telegramButton(t: TestApp, source: MessengerSource, from: { id: number }, data: string): Promise<string> {
  const id = `cbq-${randomBytes(6).toString('hex')}`;
  const res = await t
    .http()
    .post(`/api/v1/public/intake/telegram/${source.id}`)
    .set('X-Telegram-Bot-Api-Secret-Token', source.secret)
    .send({
      update_id: ++updateId,
      callback_query: {
        id,
        from: { id: from.id, is_bot: false, first_name: 'Анна' },
        chat_instance: '1',
        data,
        message: { message_id: 1, chat: { id: from.id, type: 'private' }, date: 1 },
      },
    });
  if (res.status !== 200) throw new Error(`telegram callback failed: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

let eventId = 0;

/** A VK Callback API event posted to the source's address; `object` is the event's object. */
export async function vkEvent(t: TestApp, source: MessengerSource, type: string, object: Record<string, unknown>): Promise<void> {
  const res = await t
    .http()
    .post(`/api/v1/public/intake/vk/${source.id}`)
    .send({ type, group_id: Number(source.groupId), event_id: `ev${Date.now().toString(36)}${++eventId}`, v: '5.199', secret: source.secret, object });
  if (res.status !== 200 || res.text !== 'ok') throw new Error(`vk event failed: ${res.status} ${res.text}`);
}

/** Runs the dispatcher once, as the background job would. */
export function dispatch(t: TestApp): Promise<DispatchStats> {
  return t.app.get(MessageDispatcher).dispatch(60_000);
}

/** Runs the queued background jobs that are due (the Telegram button answers, recall follow-ups). */
export function runQueuedJobs(t: TestApp): Promise<number> {
  return t.app.get(JobRunner).tick();
}

/** A message row as stored. */
export async function messageRow(t: TestApp, id: string): Promise<Record<string, any>> {
  return (await t.db.query(`SELECT * FROM messages WHERE id = $1`, [id])).rows[0];
}
