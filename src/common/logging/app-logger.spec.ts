import { describe, expect, it } from '@jest/globals';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { AppLogger } from './app-logger.js';
import { loggerOptions } from './logging.js';
import type { AppConfig } from '../../config/config.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      );
      done();
    },
  });
  return { lines, logger: new AppLogger(loggerOptions({ logLevel: 'info' } as AppConfig), destination) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('AppLogger', () => {
  it('writes Nest log calls with their context, and lines written during a request with its id', async () => {
    const { lines, logger } = capture();
    logger.log('started', 'Bootstrap');
    const request = Object.assign(new IncomingMessage(new Socket()), { method: 'POST', url: '/api/v1/leads', requestId: 'req-0123456789' });
    logger.track(request, new ServerResponse(request), () => logger.warn({ leadId: 'L1', phone: '+79123456789' }, 'Leads'));
    logger.error('failed', 'Error: failed\n    at somewhere', 'Errors');
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Bootstrap', msg: 'started' }),
      expect.objectContaining({ level: 40, context: 'Leads', leadId: 'L1', phone: '[redacted]', req: { id: 'req-0123456789', method: 'POST' } }),
      expect.objectContaining({
        level: 50,
        context: 'Errors',
        err: expect.objectContaining({ message: '[redacted]', stack: 'Error: failed\n    at somewhere' }),
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('req');
  });
});
