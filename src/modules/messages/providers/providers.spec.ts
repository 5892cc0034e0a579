import { describe, expect, it } from '@jest/globals';
import { parseButton } from '../message-extras.js';
import { backoffSec } from '../message-dispatcher.js';
import { networkFailure, parseRetryAfter } from './provider.js';
import { parseSmsRuCallbackEntry, smsRuNumber } from './sms-ru.provider.js';
import { vkRandomId } from './vk.provider.js';

describe('provider details', () => {
  it('gives a message the same VK random_id on every attempt, within 32 bits', () => {
    const id = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    expect(vkRandomId(id)).toBe(vkRandomId(id));
    expect(vkRandomId(id)).not.toBe(vkRandomId('6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e40'));
    expect(vkRandomId(id)).toBeGreaterThanOrEqual(0);
    expect(vkRandomId(id)).toBeLessThan(2 ** 31);
  });

  it('reads SMS.ru status callback lines', () => {
    expect(parseSmsRuCallbackEntry('sms_status\n000000-10000000\n103\n1700000000')).toEqual({ smsId: '000000-10000000', status: 103 });
    expect(parseSmsRuCallbackEntry('callback_check\n1')).toBeNull();
    expect(parseSmsRuCallbackEntry(42)).toBeNull();
    expect(smsRuNumber('+79123456789')).toBe('79123456789');
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(Date.now() + 61_000).toUTCString())).toBeGreaterThanOrEqual(59);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('tells a refused connection (nothing sent) from a lost answer (maybe sent)', () => {
    expect(networkFailure(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toMatchObject({ retry: true, maybeSent: false });
    expect(networkFailure(Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }))).toMatchObject({ retry: true, maybeSent: true });
  });

  it('waits twice as long after each failed attempt, at most an hour', () => {
    expect([1, 2, 3, 4].map((a) => backoffSec(a, 30))).toEqual([30, 60, 120, 240]);
    expect(backoffSec(20, 30)).toBe(3600);
  });

  it('reads our own Telegram buttons only', () => {
    const id = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    expect(parseButton(`confirm:${id}`)).toEqual({ kind: 'confirm', messageId: id });
    expect(parseButton(`rate:${id}:4`)).toEqual({ kind: 'rate', messageId: id, rating: 4 });
    expect(parseButton(`rate:${id}:9`)).toBeNull();
    expect(parseButton(`cancel:${id}:1`)).toBeNull();
    expect(parseButton('something')).toBeNull();
  });
});
