import { describe, expect, it } from '@jest/globals';
import { parseTelegram } from './telegram.js';
import { parseTilda } from './tilda.js';
import { parseVk } from './vk.js';

describe('Tilda webhook', () => {
  it('reads a real submission with its own field names', () => {
    const parsed = parseTilda({
      Name: 'Анна',
      Phone: '+7 (912) 345-67-89',
      Email: 'anna@example.ru',
      Comments: 'Хочу к стоматологу',
      Checkbox: 'yes',
      tranid: '1234567:8901234',
      formid: 'form123456',
      utm_source: 'yandex',
      utm_medium: 'cpc',
      utm_campaign: 'implants',
      COOKIES: '_ga=1',
    });
    expect(parsed).toMatchObject({
      test: false,
      tranId: '1234567:8901234',
      formId: 'form123456',
      name: 'Анна',
      phone: '+7 (912) 345-67-89',
      email: 'anna@example.ru',
      message: 'Хочу к стоматологу',
      consent: true,
      utm: { source: 'yandex', medium: 'cpc', campaign: 'implants' },
    });
  });

  it('keeps a one-field name whole and takes the parts apart only when the form has a last-name field', () => {
    expect(parseTilda({ Name: 'Иванова Анна Сергеевна', Phone: '89123456789' })).toMatchObject({
      name: 'Иванова Анна Сергеевна',
      lastName: null,
      firstName: null,
      middleName: null,
    });
    expect(parseTilda({ Фамилия: 'Иванова', Имя: 'Анна', Отчество: 'Сергеевна', Phone: '89123456789' })).toMatchObject({
      name: null,
      lastName: 'Иванова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
    });
  });

  it('recognises the connection test and a submission without consent', () => {
    expect(parseTilda({ test: 'test' }).test).toBe(true);
    expect(parseTilda({ name: 'Ivan', phone: '89123456789' }).consent).toBe(false);
  });
});

describe('VK Callback API', () => {
  it('reads confirmation, message_new (5.103+ and older) and lead forms', () => {
    expect(parseVk({ type: 'confirmation', group_id: 123 })).toEqual({ kind: 'confirmation', groupId: '123' });
    expect(
      parseVk({ type: 'message_new', group_id: 1, event_id: 'ev1', object: { message: { id: 5, from_id: 777, text: 'Здравствуйте' }, client_info: {} } }),
    ).toEqual({ kind: 'message', deliveryId: 'ev1', userId: '777', text: 'Здравствуйте' });
    expect(parseVk({ type: 'message_new', object: { id: 9, from_id: 778, text: 'Hi' } })).toMatchObject({
      kind: 'message',
      deliveryId: 'message:9:778',
      userId: '778',
    });
    expect(
      parseVk({
        type: 'lead_forms_new',
        group_id: 1,
        object: {
          lead_id: 42,
          user_id: 779,
          form_id: 3,
          form_name: 'Запись',
          answers: [
            { key: 'first_name', question: 'Имя', answer: 'Пётр' },
            { key: 'last_name', question: 'Фамилия', answer: 'Сидоров' },
            { key: 'phone_number', question: 'Телефон', answer: '89123456780' },
            { key: 'custom_0', question: 'Услуга', answer: 'Чистка' },
          ],
        },
      }),
    ).toEqual({
      kind: 'lead_form',
      deliveryId: 'lead:42',
      userId: '779',
      lastName: 'Сидоров',
      firstName: 'Пётр',
      middleName: null,
      phone: '89123456780',
      email: null,
      message: 'Услуга: Чистка',
      formName: 'Запись',
    });
    expect(parseVk({ type: 'wall_post_new', object: {} })).toEqual({ kind: 'ignored', type: 'wall_post_new' });
  });
});

describe('Telegram updates', () => {
  it('reads a message and a shared own contact', () => {
    expect(parseTelegram({ update_id: 10, message: { from: { id: 55, first_name: 'Olga', username: 'olga_k' }, text: 'Запишите меня' } })).toEqual({
      kind: 'message',
      deliveryId: 'update:10',
      userId: '55',
      username: 'olga_k',
      firstName: 'Olga',
      lastName: null,
      phone: null,
      text: 'Запишите меня',
    });
    expect(
      parseTelegram({
        update_id: 11,
        message: { from: { id: 55, first_name: 'Olga' }, contact: { phone_number: '79123456781', first_name: 'Olga', last_name: 'K', user_id: 55 } },
      }),
    ).toMatchObject({ phone: '79123456781', firstName: 'Olga', lastName: 'K' });
  });

  it("ignores bots, updates without messages, and does not take someone else's contact as the sender's phone", () => {
    expect(parseTelegram({ update_id: 12, message: { from: { id: 1, is_bot: true }, text: 'x' } })).toEqual({ kind: 'ignored' });
    expect(parseTelegram({ update_id: 13 })).toEqual({ kind: 'ignored' });
    expect(parseTelegram({ update_id: 14, message: { from: { id: 55 }, contact: { phone_number: '79000000000', user_id: 99 } } })).toMatchObject({
      phone: null,
    });
  });

  it('treats fields of an unexpected type as absent', () => {
    const odd = { first_name: 7, last_name: { x: 1 }, username: ['u'] } as unknown as { first_name: string };
    expect(
      parseTelegram({
        update_id: 15,
        message: { from: { id: 55, ...odd }, text: 42 as unknown as string, contact: { phone_number: 79000000000 as unknown as string, user_id: 55 } },
      }),
    ).toEqual({ kind: 'message', deliveryId: 'update:15', userId: '55', username: null, firstName: null, lastName: null, phone: null, text: null });
  });
});

describe('answers and comments', () => {
  it('reads a press of an inline button (callback_query)', () => {
    expect(
      parseTelegram({ update_id: 20, callback_query: { id: '4382bfdwdsb323b2d9', from: { id: 55, first_name: 'Anna' }, data: 'confirm:x' } } as never),
    ).toEqual({ kind: 'button', deliveryId: 'update:20', callbackQueryId: '4382bfdwdsb323b2d9', userId: '55', data: 'confirm:x' });
    expect(parseTelegram({ update_id: 21, callback_query: { id: 'q', from: { id: 1, is_bot: true }, data: 'x' } } as never)).toEqual({ kind: 'ignored' });
  });

  it('reads comments on the wall, photos and discussions, and leaves the community’s own alone', () => {
    expect(
      parseVk({ type: 'wall_reply_new', event_id: 'e1', object: { id: 901, from_id: 42, text: 'Сколько стоит?', post_owner_id: -100, post_id: 7 } }),
    ).toEqual({
      kind: 'comment',
      deliveryId: 'e1',
      userId: '42',
      text: 'Сколько стоит?',
      target: { kind: 'wall', ownerId: '-100', itemId: '7', commentId: '901' },
    });
    expect(parseVk({ type: 'photo_comment_new', object: { id: 3, from_id: 42, text: 'Цена?', photo_owner_id: -100, photo_id: 9 } })).toMatchObject({
      kind: 'comment',
      deliveryId: 'photo_comment_new:-100:9:3',
      target: { kind: 'photo', itemId: '9' },
    });
    expect(parseVk({ type: 'board_post_new', object: { id: 4, from_id: 42, text: 'Вопрос', topic_owner_id: -100, topic_id: 11 } })).toMatchObject({
      kind: 'comment',
      target: { kind: 'board', ownerId: '-100', itemId: '11', commentId: '4' },
    });
    expect(parseVk({ type: 'wall_reply_new', object: { id: 5, from_id: -100, text: 'Ответ', post_owner_id: -100, post_id: 7 } })).toEqual({
      kind: 'ignored',
      type: 'wall_reply_new',
    });
  });
});
