import { describe, expect, it } from '@jest/globals';
import { answerHint, DEFAULT_TEMPLATES, renderTemplate, unknownPlaceholders, unsubscribeHint, visitDateTime } from './templates.js';

describe('message templates', () => {
  it('fills placeholders and tidies what is missing', () => {
    expect(
      renderTemplate(DEFAULT_TEMPLATES.ru.reminder, {
        clinic: 'Улыбка',
        doctor: 'Иванова И. И.',
        date: '12 марта',
        time: '09:30',
        address: 'Ленина, 1',
        answerHint: '',
      }),
    ).toBe('Улыбка: напоминаем о приёме у врача Иванова И. И. 12 марта в 09:30, Ленина, 1.');
    expect(renderTemplate('{clinic}: {doctor} ({service}) {answerHint}', { clinic: 'A', doctor: 'B' })).toBe('A: B');
  });

  it('finds placeholders that are not known, so a typo never reaches a patient', () => {
    expect(unknownPlaceholders('{clinic} {docter} {date} {}')).toEqual(['docter', '']);
    for (const language of ['ru', 'en'] as const) for (const body of Object.values(DEFAULT_TEMPLATES[language])) expect(unknownPlaceholders(body)).toEqual([]);
  });

  it('tells the person how to answer as the channel allows', () => {
    expect(answerHint('ru', 'reminder', 'telegram', '+74950000000')).toBe('');
    expect(answerHint('ru', 'reminder', 'vk', null)).toContain('«Да»');
    expect(answerHint('ru', 'reminder', 'sms', '+74950000000')).toBe('Отменить или перенести запись: +74950000000.');
    expect(answerHint('en', 'feedback', 'vk', null)).toBe('Reply with a number from 1 to 5.');
    expect(unsubscribeHint('ru', 'sms', 'https://c.example/u/x')).toBe('Отписаться: https://c.example/u/x');
    expect(unsubscribeHint('ru', 'sms', null)).toBe('');
    expect(unsubscribeHint('ru', 'telegram', null)).toContain('СТОП');
  });

  it('writes the date and time in the branch’s zone and language', () => {
    expect(visitDateTime(new Date('2027-03-12T06:30:00Z'), 'Europe/Moscow', 'ru')).toEqual({ date: '12 марта', time: '09:30' });
    expect(visitDateTime(new Date('2027-03-12T06:30:00Z'), 'Asia/Yekaterinburg', 'en')).toEqual({ date: '12 March', time: '11:30' });
  });
});
