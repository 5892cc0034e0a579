import { Injectable } from '@nestjs/common';
import type { ChannelAccount } from './providers/provider.js';

type Resolver = (sourceId: string) => Promise<ChannelAccount | undefined>;

/**
 * The messenger accounts (bot tokens, community tokens) of intake sources. The intake module, which owns the
 * sources, plugs its lookup in at start; messages never read its tables.
 */
@Injectable()
export class ChannelAccounts {
  private resolver: Resolver | undefined;

  use(resolver: Resolver): void {
    this.resolver = resolver;
  }

  async of(sourceId: string | null): Promise<ChannelAccount | undefined> {
    if (!sourceId || !this.resolver) return undefined;
    return this.resolver(sourceId);
  }
}
