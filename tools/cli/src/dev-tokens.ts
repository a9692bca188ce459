/**
 * The development tokens `trottoir start` prints, one per role, so that a new user can call the API at
 * once: long-lived, signed with the development secret (or TROTTOIR_JWT_SECRET when given in
 * development mode), the dso-operator for the DSO of the simulated city and the device for its first
 * few segments (the city is the simulator's: same size and seed, so the same ids).
 */
import { generateCity } from '@trottoir/fleet';
import type { Role } from '@trottoir/service-runtime';

import type { Signer } from './tokens';
import { mintToken } from './tokens';

export const DEV_TOKEN_TTL_S = 30 * 86_400;
const DEVICE_SEGMENTS = 3;

export interface DevToken {
  role: Role;
  scope: string;
  token: string;
}

export function developmentTokens(signer: Signer, city: { segments: number; seed: number }, nowMs = Date.now()): DevToken[] {
  const { gridNodes, segments } = generateCity({ segments: Math.min(city.segments, 50_000), seed: city.seed });
  const dsoId = gridNodes[0]?.dsoId ?? 'enedis';
  const segmentIds = segments.slice(0, DEVICE_SEGMENTS).map((segment) => segment.segmentId);
  const mint = (role: Role, extra: { dsoId?: string; segmentIds?: string[] } = {}) => mintToken(signer, { roles: [role], subject: `dev-${role}`, ttlS: DEV_TOKEN_TTL_S, ...extra }, nowMs);
  return [
    { role: 'admin', scope: 'everything', token: mint('admin') },
    { role: 'ops-viewer', scope: 'reads, every node', token: mint('ops-viewer') },
    { role: 'market', scope: 'reads, every node', token: mint('market') },
    { role: 'dso-operator', scope: `DSO ${dsoId}: reads and commands on its grid nodes`, token: mint('dso-operator', { dsoId }) },
    { role: 'device', scope: `telemetry of ${segmentIds.join(', ')}`, token: mint('device', { segmentIds }) },
  ];
}

export function renderDevelopmentTokens(tokens: readonly DevToken[], ingestionUrl: string | undefined): string {
  return [
    'Development tokens (development mode: signed with the published development secret, valid 30 days; `npx trottoir token --help` mints others):',
    ...tokens.flatMap((entry) => [`  ${entry.role} — ${entry.scope}`, `    ${entry.token}`]),
    ...(ingestionUrl ? [`  try: curl -H "Authorization: Bearer <token>" ${ingestionUrl}/v1/grid-nodes/ps01   (OpenAPI: ${ingestionUrl}/docs)`] : []),
    '',
  ].join('\n');
}
