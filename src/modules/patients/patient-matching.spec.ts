import { describe, expect, it } from '@jest/globals';
import { namesCompatible } from './patient-matching.js';

describe('namesCompatible', () => {
  it.each([
    ['Анна', 'Иванова Анна Сергеевна', true],
    ['анна иванова', 'Иванова Анна', true],
    ['Алёна', 'Алена Петрова', true],
    ['Мария', 'Иванова Анна', false], // the daughter on her mother's phone
    ['Иван Петров', 'Сергей Сидоров', false],
    ['Мария Петрова', 'Ольга Петрова', false], // same surname, same phone: mother and daughter
    [null, 'Анна', true],
    ['', '', true],
    ['Anna Smith', 'Smith Anna', true],
  ])('%s ~ %s -> %s', (a, b, expected) => {
    expect(namesCompatible(a, b)).toBe(expected);
  });
});
