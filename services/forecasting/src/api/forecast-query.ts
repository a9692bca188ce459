/**
 * The query of the forecast endpoints: `from` and `to` (ISO 8601 or epoch ms) select intervals that
 * overlap [from, to); `issuedAt` asks for the latest issue at or before that time ("what did we
 * believe then"), the latest of all by default. Bad values are the caller's error, named.
 */
export class ForecastQueryError extends Error {}

export interface ForecastQuery {
  readonly fromTs?: number;
  readonly toTs?: number;
  readonly issuedAt?: number;
}

function instant(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ts = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ts)) throw new ForecastQueryError(`${name} must be an ISO 8601 time or epoch milliseconds, got "${raw}"`);
  return ts;
}

export function parseForecastQuery(raw: { from?: string; to?: string; issuedAt?: string }): ForecastQuery {
  const query = { fromTs: instant('from', raw.from), toTs: instant('to', raw.to), issuedAt: instant('issuedAt', raw.issuedAt) };
  if (query.fromTs !== undefined && query.toTs !== undefined && query.fromTs >= query.toTs) {
    throw new ForecastQueryError(`from (${raw.from}) must be before to (${raw.to})`);
  }
  return query;
}
