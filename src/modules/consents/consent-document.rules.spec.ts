import { describe, expect, it } from '@jest/globals';
import { bodySha256, type ConsentDocumentContents, missingForPublication } from './consent-document.rules.js';

const complete: ConsentDocumentContents = {
  body: 'I consent to the processing of my personal data.',
  operatorName: 'Clinic LLC',
  operatorAddress: 'Moscow, Tverskaya 7',
  purposes: ['appointment booking'],
  dataCategories: ['name', 'phone'],
  actions: ['collection', 'storage'],
  retention: 'Until withdrawn, at most 5 years',
  withdrawalMethod: 'A letter to the clinic or the withdrawal link',
};

describe('missingForPublication', () => {
  it.each<[string, Partial<ConsentDocumentContents>, string[]]>([
    ['a complete document', {}, []],
    ['no operator name', { operatorName: null }, ['operatorName']],
    ['a blank address', { operatorAddress: '   ' }, ['operatorAddress']],
    ['no purposes', { purposes: [] }, ['purposes']],
    ['only blank categories', { dataCategories: [' '] }, ['dataCategories']],
    ['no actions, retention or withdrawal method', { actions: [], retention: null, withdrawalMethod: '' }, ['retention', 'withdrawalMethod', 'actions']],
    ['an empty body', { body: '' }, ['body']],
  ])('%s', (_name, change, expected) => {
    expect(missingForPublication({ ...complete, ...change })).toEqual(expected);
  });
});

describe('bodySha256', () => {
  it('hashes the exact UTF-8 text', () => {
    expect(bodySha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(bodySha256('Согласие')).toBe(bodySha256('Согласие'));
    expect(bodySha256('Согласие')).not.toBe(bodySha256('Согласие '));
  });
});
