/**
 * Who calls: the principal a verified token stands for. Roles come from the `roles` claim; a
 * `dso-operator` is scoped to the grid nodes of its `dso_id`, a `device` to the segments of its
 * `segment_ids` (a gateway may serve several segments, hence a list rather than one id in `sub`).
 */
import type { JwtClaims } from './token/jwt';
import { InvalidTokenError } from './token/jwt';

export const ROLES = ['dso-operator', 'market', 'ops-viewer', 'admin', 'device'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The token's `sub`: what rate limits, idempotency keys and the audit are kept per. */
  readonly subject: string;
  readonly roles: readonly Role[];
  /** `dso_id`: the DSO whose grid nodes a dso-operator may see and command. */
  readonly dsoId?: string;
  /** `segment_ids`: the segments a device may report for. */
  readonly segmentIds: ReadonlySet<string>;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The principal of verified claims; a token that does not say who it is or what it may do is refused. */
export function principalOf(claims: JwtClaims): Principal {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('token has no subject ("sub")');
  const roles = claims.roles;
  if (!Array.isArray(roles) || roles.length === 0) throw new InvalidTokenError('token carries no roles (claim "roles": a list of dso-operator, market, ops-viewer, admin, device)');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new InvalidTokenError(`token has unknown roles: ${unknown.map((role) => JSON.stringify(role)).join(', ')}`);
  const dsoId = claims.dso_id;
  if (roles.includes('dso-operator') && (typeof dsoId !== 'string' || dsoId === '')) throw new InvalidTokenError('a dso-operator token must name its DSO (claim "dso_id")');
  const segmentIds = claims.segment_ids ?? [];
  if (!Array.isArray(segmentIds) || segmentIds.some((id) => typeof id !== 'string')) throw new InvalidTokenError('claim "segment_ids" must be a list of segment ids');
  if (roles.includes('device') && segmentIds.length === 0) throw new InvalidTokenError('a device token must list its segments (claim "segment_ids")');
  return { subject: claims.sub, roles: roles as Role[], dsoId: typeof dsoId === 'string' && dsoId !== '' ? dsoId : undefined, segmentIds: new Set(segmentIds as string[]) };
}

/** Claims of a token for a principal (what `trottoir token` and development tokens sign). */
export function claimsOf(principal: { subject: string; roles: readonly Role[]; dsoId?: string; segmentIds?: readonly string[] }, issuedAtS: number, ttlS: number, extra: { issuer?: string; audience?: string } = {}): Record<string, unknown> {
  return {
    sub: principal.subject,
    roles: [...principal.roles],
    ...(principal.dsoId ? { dso_id: principal.dsoId } : {}),
    ...(principal.segmentIds && principal.segmentIds.length > 0 ? { segment_ids: [...principal.segmentIds] } : {}),
    ...(extra.issuer ? { iss: extra.issuer } : {}),
    ...(extra.audience ? { aud: extra.audience } : {}),
    iat: issuedAtS,
    nbf: issuedAtS,
    exp: issuedAtS + ttlS,
  };
}

/** Whether a device principal may report telemetry for a segment: admin for any, device for its own. */
export function mayReportFor(principal: Principal): (segmentId: string) => boolean {
  if (principal.roles.includes('admin')) return () => true;
  if (principal.roles.includes('device')) return (segmentId) => principal.segmentIds.has(segmentId);
  return () => false;
}
