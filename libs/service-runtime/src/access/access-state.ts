/**
 * What the access layer learns about one request as it goes (its id, who called, what it targets,
 * the idempotency key it holds), kept on the request object under a symbol so that the guard, the
 * interceptor and the response hook that writes the audit row share it without globals.
 */
import { randomUUID } from 'node:crypto';

import type { Principal } from './principal';

const STATE = Symbol('trottoir.access');
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export interface AccessState {
  requestId: string;
  principal?: Principal;
  /** Ids the request names (path parameters and scope targets), for the audit. */
  targetIds: string[];
  /** Set once an Idempotency-Key is reserved for this request; its answer is stored when sent. */
  idempotency?: { subject: string; key: string };
}

export interface StatefulRequest {
  headers: Record<string, string | string[] | undefined>;
  [STATE]?: AccessState;
}

/** The request's state, created on first use with the caller's X-Request-Id when it is sane, else a new UUID. */
export function accessStateOf(request: object): AccessState {
  const holder = request as StatefulRequest;
  if (!holder[STATE]) {
    const given = holder.headers?.['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    holder[STATE] = { requestId, targetIds: [] };
  }
  return holder[STATE];
}
