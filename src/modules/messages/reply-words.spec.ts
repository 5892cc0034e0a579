import { describe, expect, it } from '@jest/globals';
import { looksLikeQuestion } from './question.js';
import { confirmationAnswer, ratingAnswer, subscriptionWord } from './reply-words.js';

describe('reply words', () => {
  it.each([
    ['Да', 'confirm'],
    ['да!', 'confirm'],
    ['  ДА 👍', 'confirm'],
    ['Yes', 'confirm'],
    ['Подтверждаю', 'confirm'],
    ['Отмена', 'cancel'],
    ['отменить запись', 'cancel'],
    ['Не приду', 'cancel'],
    ['нет', 'cancel'],
    ['CANCEL', 'cancel'],
    ['Да, а можно перенести на вечер?', null],
    ['Скажите адрес', null],
    ['', null],
  ])('%j answers a reminder with %s', (text, meaning) => {
    expect(confirmationAnswer(text)).toBe(meaning);
  });

  it.each([
    ['STOP', 'stop'],
    ['Стоп', 'stop'],
    ['/stop', 'stop'],
    ['отписаться', 'stop'],
    ['СТАРТ', 'start'],
    ['stop the reminders please', null],
  ])('%j is %s', (text, word) => {
    expect(subscriptionWord(text)).toBe(word);
  });

  it.each([
    ['5', { rating: 5, comment: null }],
    ['4 - всё хорошо', { rating: 4, comment: 'всё хорошо' }],
    ['5/5 спасибо!', { rating: 5, comment: 'спасибо!' }],
    ['2. Долго ждала', { rating: 2, comment: 'Долго ждала' }],
    ['10', null],
    ['6', null],
    ['спасибо', null],
    ['0', null],
  ])('%j rates the visit %j', (text, rating) => {
    expect(ratingAnswer(text)).toEqual(rating);
  });
});

describe('comments that ask something', () => {
  it.each([
    ['Сколько стоит имплант?', true],
    ['Можно записаться на субботу', true],
    ['Подскажите, вы работаете в воскресенье', true],
    ['How much is a cleaning', true],
    ['Отличная клиника!', false],
    ['Спасибо доктору 🙏', false],
    ['👍', false],
  ])('%j: %s', (text, asks) => {
    expect(looksLikeQuestion(text)).toBe(asks);
  });
});
