import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import type { MessageChannel } from '../message-types.js';
import type { ChannelProvider } from './provider.js';
import { SmsRuProvider } from './sms-ru.provider.js';
import { SmtpProvider } from './smtp.provider.js';
import { TelegramProvider } from './telegram.provider.js';
import { VkProvider } from './vk.provider.js';

/** The provider of each channel, and a pacing of requests per provider account (rate limits, Retry-After pauses). */
@Injectable()
export class Providers implements OnApplicationShutdown {
  readonly telegram: TelegramProvider;
  private readonly byChannel: Map<MessageChannel, ChannelProvider>;
  private readonly smtp: SmtpProvider;
  private readonly nextSlot = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const m = config.messaging;
    this.telegram = new TelegramProvider(m);
    this.smtp = new SmtpProvider(m);
    const vk = new VkProvider(m);
    this.byChannel = new Map<MessageChannel, ChannelProvider>([
      ['telegram', this.telegram],
      ['vk', vk],
      ['vk_comment', vk],
      ['sms', new SmsRuProvider(m)],
      ['email', this.smtp],
    ]);
  }

  of(channel: MessageChannel): ChannelProvider {
    return this.byChannel.get(channel)!;
  }

  /** Requests per second allowed for a channel (an account's messages and comments share its limit). */
  rateOf(channel: MessageChannel): number {
    const rates = this.config.messaging.ratePerSec;
    return channel === 'vk_comment' ? rates.vk : rates[channel];
  }

  /** Waits for the next request slot of a rate key (a channel and account); a pause set by a Retry-After is honoured. */
  async slot(key: string, perSec: number): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, at + 1000 / perSec);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  /** How long requests of this key must still wait (ms) before the next one may go. */
  waitOf(key: string): number {
    return Math.max(0, (this.nextSlot.get(key) ?? 0) - Date.now());
  }

  /** The provider asked to wait (429 with Retry-After): nothing more goes to it before then. */
  pause(key: string, seconds: number): void {
    this.nextSlot.set(key, Math.max(this.nextSlot.get(key) ?? 0, Date.now() + seconds * 1000));
  }

  onApplicationShutdown(): void {
    this.smtp.close();
  }
}
