/**
 * The decision: may this principal call this route on these targets? Pure, so that every rule is
 * tested without HTTP. `admin` may call every secured route; `market` and `ops-viewer` are not scoped
 * (they read across the fleet); a `dso-operator` only on grid nodes of its DSO; a `device` only on
 * its own segments. A scoped role on a route that declares no scope is refused: nothing would bound it.
 */
import type { AccessRule, ScopeTarget } from './access.metadata';
import type { GridOwnership } from './grid-ownership.port';
import type { Principal, Role } from './principal';

export type Decision = { allowed: true } | { allowed: false; reason: string };

/** A scope target with the values the request carries for it (none when the request omits it). */
export type ResolvedTarget = { target: ScopeTarget; ids: readonly string[] };

const UNSCOPED: ReadonlySet<Role> = new Set(['admin', 'market', 'ops-viewer']);
const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

function dsoScope(dsoId: string, targets: readonly ResolvedTarget[], ownership: GridOwnership): string | undefined {
  if (targets.length === 0) return 'this route is not scoped to a DSO\'s grid nodes';
  for (const { target, ids } of targets) {
    if (target.kind === 'in-handler') continue;
    if (target.kind === 'stored') return `the ${target.what} named could not be checked`;
    if (ids.length === 0) return `the request names no ${target.kind === 'dso' ? 'DSO' : target.kind === 'node' ? 'grid node' : 'segment'}`;
    for (const id of ids) {
      if (target.kind === 'dso') {
        if (id !== dsoId) return `DSO "${id}" is not yours (DSO "${dsoId}")`;
      } else if (target.kind === 'node') {
        const owner = ownership.dsoOfNode(id);
        if (owner === undefined ? !target.mayBeNew : owner !== dsoId) return `grid node "${id}" is not among the nodes of DSO "${dsoId}"`;
      } else {
        const nodeId = ownership.nodeOfSegment(id);
        const owner = nodeId === undefined ? undefined : ownership.dsoOfNode(nodeId);
        if (owner === undefined ? !(target.mayBeNew && nodeId === undefined) : owner !== dsoId) return `segment "${id}" is not on a grid node of DSO "${dsoId}"`;
      }
    }
  }
  return undefined;
}

function deviceScope(segmentIds: ReadonlySet<string>, targets: readonly ResolvedTarget[]): string | undefined {
  if (targets.length === 0) return 'this route is not scoped to a device\'s segments';
  for (const { target, ids } of targets) {
    if (target.kind === 'in-handler') continue;
    if (target.kind !== 'segment') return 'a device may act on its own segments only';
    if (ids.length === 0) return 'the request names no segment';
    const foreign = ids.find((id) => !segmentIds.has(id));
    if (foreign !== undefined) return `segment "${foreign}" is not one of this device's segments`;
  }
  return undefined;
}

/** Replaces each stored-record target by the grid node of the record it names (a record not found passes). */
export async function resolveStoredTargets(targets: readonly ResolvedTarget[], find: (target: Extract<ScopeTarget, { kind: 'stored' }>, id: string) => Promise<{ nodeId?: unknown } | undefined>): Promise<ResolvedTarget[]> {
  return Promise.all(
    targets.map(async ({ target, ids }) => {
      if (target.kind !== 'stored') return { target, ids };
      const records = await Promise.all(ids.map((id) => find(target, id)));
      const nodeIds = records.flatMap((record) => (record && typeof record.nodeId === 'string' ? [record.nodeId] : []));
      if (ids.length > 0 && nodeIds.length === 0) return { target: { kind: 'in-handler', description: `${target.what} not found: the handler answers` } as ScopeTarget, ids: [] };
      return { target: { kind: 'node', source: target.source } as ScopeTarget, ids: nodeIds };
    }),
  );
}

export function authorize(principal: Principal, rule: AccessRule, targets: readonly ResolvedTarget[], ownership: GridOwnership): Decision {
  const granted = principal.roles.filter((role) => role === 'admin' || rule.roles.includes(role));
  if (granted.length === 0) return deny(`this route needs one of the roles ${[...rule.roles, 'admin'].join(', ')}; the token has ${principal.roles.join(', ')}`);
  if (granted.some((role) => UNSCOPED.has(role))) return ALLOW;
  let reason = '';
  for (const role of granted) {
    const refused = role === 'dso-operator' ? dsoScope(principal.dsoId ?? '', targets, ownership) : deviceScope(principal.segmentIds, targets);
    if (refused === undefined) return ALLOW;
    reason ||= refused;
  }
  return deny(reason);
}

/** The values a request carries for each scope target (path, query, top-level body fields). */
export function resolveTargets(rule: AccessRule, request: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown }): ResolvedTarget[] {
  const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : value === undefined || value === null ? [] : [String(value)]);
  return rule.scope.map((target) => {
    if (target.kind === 'in-handler') return { target, ids: [] };
    // Stored records are looked up by the guard (resolveStoredTargets) before the decision.
    const source = target.source;
    if (source.from !== 'body') return { target, ids: strings((source.from === 'param' ? request.params : request.query)?.[source.name]) };
    const bodyObject = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
    return { target, ids: source.names.flatMap((name) => strings(bodyObject[name])) };
  });
}
