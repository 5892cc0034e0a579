import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for SMS.ru on 127.0.0.1 answering `sms/send` (multi[number]=text) as SMS.ru does, and counting what it
 * was handed: every number once per message, so a second copy of anything shows as a duplicate.
 */
export class FakeSmsRu {
  /** Times (ms) at which each number's message arrived; more than one entry is a duplicate. */
  readonly received = new Map<string, number[]>();
  requests = 0;
  private server!: Server;
  baseUrl = '';
  private nextId = 1;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const now = Date.now();
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const sms: Record<string, unknown> = {};
        for (const [key] of form) {
          const number = /^multi\[(\d+)\]$/.exec(key)?.[1];
          if (!number) continue;
          this.received.set(number, [...(this.received.get(number) ?? []), now]);
          sms[number] = { status: 'OK', status_code: 100, sms_id: `000000-${String(this.nextId++).padStart(8, '0')}` };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'OK', status_code: 100, sms, balance: 1000 }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Messages handed over, counting a repeated one once, and how many were repeats. */
  counts(): { messages: number; duplicates: number; lastAt: number } {
    let duplicates = 0;
    let lastAt = 0;
    for (const times of this.received.values()) {
      duplicates += times.length - 1;
      lastAt = Math.max(lastAt, times[0]!);
    }
    return { messages: this.received.size, duplicates, lastAt };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
