/**
 * The dispatch service: answers DSO flexibility requests and turns orders into per-segment setpoints at least cost.
 * Its capabilities arrive issue by issue as use cases wired here; the runtime (health, readiness,
 * metrics, consumer supervision, graceful shutdown) comes from RuntimeModule.
 */
import { Module } from '@nestjs/common';

@Module({})
export class DispatchModule {}
