import { describe, expect, it } from '@jest/globals';
import { signatureMatches, signBody } from '../../common/http/webhook-signature.js';
import { applyTelephonyEvent } from './telephony-events.js';

describe('telephony signatures', () => {
  const body = Buffer.from('{"type":"call_started","callId":"1"}');
  const key = 'k'.repeat(32);
  const cases: [string, unknown, Buffer | undefined, string | undefined, boolean][] = [
    ['a correct signature', signBody(body, key), body, key, true],
    ['upper-case hex', `sha256=${signBody(body, key).slice(7).toUpperCase()}`, body, key, true],
    ['another key', signBody(body, 'other-key'), body, key, false],
    ['another body', signBody('{}', key), body, key, false],
    ['no prefix', signBody(body, key).slice(7), body, key, false],
    ['a short value', 'sha256=abcd', body, key, false],
    ['no header', undefined, body, key, false],
    ['no raw body', signBody(body, key), undefined, key, false],
    ['no key', signBody(body, key), body, undefined, false],
  ];
  it.each(cases)('%s', (_name, header, raw, secret, expected) => {
    expect(signatureMatches(header, raw, secret)).toBe(expected);
  });
});

describe('applyTelephonyEvent', () => {
  const t0 = new Date('2030-01-01T10:00:00Z');
  const at = (sec: number) => new Date(t0.getTime() + sec * 1000);

  it('records start, answer and end in order', () => {
    let times = applyTelephonyEvent(null, 'call_started', t0);
    times = applyTelephonyEvent(times, 'call_answered', at(5));
    times = applyTelephonyEvent(times, 'call_ended', at(65), 60);
    expect(times).toEqual({ startedAt: t0, answeredAt: at(5), endedAt: at(65), durationSec: 60 });
  });

  it('treats an end with talk time and no answer event as answered', () => {
    const times = applyTelephonyEvent(applyTelephonyEvent(null, 'call_started', t0), 'call_ended', at(100), 30);
    expect(times).toEqual({ startedAt: t0, answeredAt: at(70), endedAt: at(100), durationSec: 30 });
  });

  it('treats an end without talk time as missed', () => {
    const times = applyTelephonyEvent(applyTelephonyEvent(null, 'call_started', t0), 'call_ended', at(20));
    expect(times).toEqual({ startedAt: t0, answeredAt: null, endedAt: at(20), durationSec: 0 });
  });

  it('computes the talk time when the PBX does not send it', () => {
    const times = applyTelephonyEvent(applyTelephonyEvent(null, 'call_answered', at(3)), 'call_ended', at(33));
    expect(times.durationSec).toBe(30);
  });

  it('takes events out of order: an end before the start, a start after the answer', () => {
    let times = applyTelephonyEvent(null, 'call_ended', at(40), 10);
    expect(times).toEqual({ startedAt: at(30), answeredAt: at(30), endedAt: at(40), durationSec: 10 });
    times = applyTelephonyEvent(times, 'call_started', t0);
    expect(times.startedAt).toEqual(t0);
    times = applyTelephonyEvent(times, 'call_answered', at(25));
    expect(times.answeredAt).toEqual(at(30));
  });
});
