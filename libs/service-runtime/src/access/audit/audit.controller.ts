/**
 * GET /v1/audit?from=&to=&limit=&service=&subject=: the audit trail, newest first, for `admin` only.
 * Every service serves it; they share one table, so any of them answers for all (filter with
 * `service=`), except a service without a database, which answers for itself.
 */
import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';

import { Allow, Doc, Secured } from '../access.decorators';
import { AUDIT_LOG } from './audit-log.port';
import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.port';

const MAX_LIMIT = 1_000;

type RawAuditQuery = { from?: string; to?: string; limit?: string; service?: string; subject?: string };
type AuditJson = Omit<AuditEntry, 'at'> & { at: string };

function instant(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const ts = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ts)) throw new BadRequestException(`${name} must be an ISO 8601 instant, e.g. 2026-06-21T00:00:00Z`);
  return ts;
}

export function parseAuditQuery(raw: RawAuditQuery): AuditQuery {
  const limit = raw.limit === undefined ? 100 : Number(raw.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return { fromTs: instant(raw.from, 'from'), toTs: instant(raw.to, 'to'), limit, service: raw.service || undefined, subject: raw.subject || undefined };
}

@Controller('v1/audit')
@Secured()
export class AuditController {
  constructor(@Inject(AUDIT_LOG) private readonly log: AuditLog) {}

  @Get()
  @Allow('admin')
  @Doc({
    summary: 'The audit trail of commands, newest first',
    description: 'Every non-GET request on a secured route, accepted or refused: who (subject, roles), what (service, method, route, path, target ids), when, the outcome (status, error) and the request id.',
    query: { from: 'ISO 8601 instant, inclusive', to: 'ISO 8601 instant, exclusive', limit: `1–${MAX_LIMIT}, default 100`, service: 'only this service\'s commands', subject: 'only this token subject\'s commands' },
    response: { description: 'audit entries', schema: { type: 'array', items: { $ref: '#/components/schemas/AuditEntry' } } },
    errors: { 400: 'a bad query parameter, named' },
  })
  async list(@Query() raw: RawAuditQuery): Promise<AuditJson[]> {
    const entries = await this.log.list(parseAuditQuery(raw));
    return entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }));
  }
}
