/**
 * The settlement service: computes baselines, delivered flexibility, remuneration and energy allocation, as versioned statements.
 * Its capabilities arrive issue by issue as use cases wired here; the runtime (health, readiness,
 * metrics, consumer supervision, graceful shutdown) comes from RuntimeModule.
 */
import { Module } from '@nestjs/common';

@Module({})
export class SettlementModule {}
