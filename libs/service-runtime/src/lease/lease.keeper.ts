/**
 * Releases the instance's leases when the application shuts down: after every module's onModuleDestroy
 * (the schedulers have stopped and their cycle in flight is done), so a standby takes the cycles over at
 * its next run instead of waiting for this process's connections to close.
 */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';

import { LEASES } from './lease.port';
import type { Leases } from './lease.port';

@Injectable()
export class LeaseKeeper implements OnApplicationShutdown {
  constructor(@Inject(LEASES) private readonly leases: Leases) {}

  onApplicationShutdown(): Promise<void> {
    return this.leases.close();
  }
}
