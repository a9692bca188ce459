/**
 * Structured JSON logs (pino), one child logger per service, each line stamped with the active
 * trace and span ids so a log line can be found from a trace and back.
 */
import { trace } from '@opentelemetry/api';
import type { DestinationStream, Logger, LevelWithSilent } from 'pino';
import pino from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const spanContext = trace.getActiveSpan()?.spanContext();
        return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
