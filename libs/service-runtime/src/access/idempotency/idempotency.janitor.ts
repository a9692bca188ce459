/** Deletes expired Idempotency-Keys every hour, so the table holds one TTL's worth of keys at most. */
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { AccessOptions } from '../access.options';
import { ACCESS_OPTIONS } from '../access.tokens';

const EVERY_MS = 3_600_000;

@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(ACCESS_OPTIONS) private readonly options: AccessOptions) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.options.idempotency.purgeExpired(this.options.clock.now()).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not purge expired idempotency keys'));
    }, EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
