import { describe, expect, it } from '@jest/globals';
import { parseTelegram } from './telegram.js';
import { parseTilda } from './tilda.js';
import { parseVk } from './vk.js';

describe('Tilda webhook', () => {
  it('reads a real submission with its own field names', () => {
    const parsed = parseTilda({
      Name: 'Анна', Phone: '+7 (912) 345-67-89', Email: 'anna@example.ru', Comments: 'Хочу к стоматологу', Checkbox: 'yes',
      tranid: '1234567:8901234', formid: 'form123456', utm_source: 'yandex', utm_medium: 'cpc', utm_campaign: 'implants', COOKIES: '_ga=1',
    });
    expect(parsed).toMatchObject({
      test: false, tranId: '1234567:8901234', formId: 'form123456', name: 'Анна', phone: '+7 (912) 345-67-89', email: 'anna@example.ru',
      message: 'Хочу к стоматологу', consent: true, utm: { source: 'yandex', medium: 'cpc', campaign: 'implants' },
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
    expect(parseVk({ type: 'message_new', group_id: 1, event_id: 'ev1', object: { message: { id: 5, from_id: 777, text: 'Здравствуйте' }, client_info: {} } }))
      .toEqual({ kind: 'message', deliveryId: 'ev1', userId: '777', text: 'Здравствуйте' });
    expect(parseVk({ type: 'message_new', object: { id: 9, from_id: 778, text: 'Hi' } })).toMatchObject({ kind: 'message', deliveryId: 'message:9:778', userId: '778' });
    expect(parseVk({
      type: 'lead_forms_new', group_id: 1, object: {
        lead_id: 42, user_id: 779, form_id: 3, form_name: 'Запись', answers: [
          { key: 'first_name', question: 'Имя', answer: 'Пётр' }, { key: 'last_name', question: 'Фамилия', answer: 'Сидоров' },
          { key: 'phone_number', question: 'Телефон', answer: '89123456780' }, { key: 'custom_0', question: 'Услуга', answer: 'Чистка' },
        ],
      },
    })).toEqual({ kind: 'lead_form', deliveryId: 'lead:42', userId: '779', name: 'Пётр Сидоров', phone: '89123456780', email: null, message: 'Услуга: Чистка', formName: 'Запись' });
    expect(parseVk({ type: 'wall_post_new', object: {} })).toEqual({ kind: 'ignored', type: 'wall_post_new' });
  });
});

describe('Telegram updates', () => {
  it('reads a message and a shared own contact', () => {
    expect(parseTelegram({ update_id: 10, message: { from: { id: 55, first_name: 'Olga', username: 'olga_k' }, text: 'Запишите меня' } }))
      .toEqual({ kind: 'message', deliveryId: 'update:10', userId: '55', username: 'olga_k', name: 'Olga', phone: null, text: 'Запишите меня' });
    expect(parseTelegram({ update_id: 11, message: { from: { id: 55, first_name: 'Olga' }, contact: { phone_number: '79123456781', first_name: 'Olga', last_name: 'K', user_id: 55 } } }))
      .toMatchObject({ phone: '79123456781', name: 'Olga K' });
  });

  it("ignores bots, updates without messages, and does not take someone else's contact as the sender's phone", () => {
    expect(parseTelegram({ update_id: 12, message: { from: { id: 1, is_bot: true }, text: 'x' } })).toEqual({ kind: 'ignored' });
    expect(parseTelegram({ update_id: 13 })).toEqual({ kind: 'ignored' });
    expect(parseTelegram({ update_id: 14, message: { from: { id: 55 }, contact: { phone_number: '79000000000', user_id: 99 } } })).toMatchObject({ phone: null });
  });

  it('treats fields of an unexpected type as absent', () => {
    const odd = { first_name: 7, last_name: { x: 1 }, username: ['u'] } as unknown as { first_name: string };
    expect(parseTelegram({ update_id: 15, message: { from: { id: 55, ...odd }, text: 42 as unknown as string, contact: { phone_number: 79000000000 as unknown as string, user_id: 55 } } }))
      .toEqual({ kind: 'message', deliveryId: 'update:15', userId: '55', username: null, name: null, phone: null, text: null });
  });
});
