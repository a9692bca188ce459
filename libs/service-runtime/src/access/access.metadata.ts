/**
 * What a route declares about access, as metadata the guard, the start-up check and the OpenAPI
 * document read: who may call it (roles; `admin` may call every secured route) and which grid nodes,
 * segments or DSO it acts on (its scope), taken from the path, the query or the JSON body.
 */
import type { Type } from '@nestjs/common';

import type { Role } from './principal';

export const PUBLIC_ROUTE = 'trottoir:access:public';
export const SECURED_CONTROLLER = 'trottoir:access:secured';
export const ACCESS_RULE = 'trottoir:access:rule';
export const ROUTE_DOC = 'trottoir:access:doc';

/** Where a target id is read: a path parameter, a query parameter, or top-level body fields (every name given is checked: proto3 JSON accepts `dsoId` and `dso_id` alike). */
export type ValueSource = { from: 'param' | 'query'; name: string } | { from: 'body'; names: readonly string[] };

export type ScopeTarget =
  /** A grid node: a dso-operator must own it. `mayBeNew`: an id not known yet passes (a node being registered). */
  | { kind: 'node'; source: ValueSource; mayBeNew?: boolean }
  /** A segment: a dso-operator must own its grid node, a device must list it. */
  | { kind: 'segment'; source: ValueSource; mayBeNew?: boolean }
  /** A DSO named in the request: a dso-operator's own only. */
  | { kind: 'dso'; source: ValueSource }
  /**
   * A record the service stores, named by an id in the request (a flex request, an order): its
   * `nodeId` is checked like a grid node's. `store` is the injection token of the store and `find`
   * its method taking the id; a record not found passes (the handler answers 404).
   */
  | { kind: 'stored'; source: ValueSource; store: symbol | string | Type<unknown>; find: string; what: string }
  /** The handler checks the scope on what it parsed (say what), e.g. every reading of a telemetry batch. */
  | { kind: 'in-handler'; description: string };

export interface AccessRule {
  readonly roles: readonly Role[];
  readonly scope: readonly ScopeTarget[];
}

/** What the OpenAPI document says about a route beyond its method, path and access. */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** Query parameters: name → description. */
  query?: Record<string, string>;
  /** Request body: media types → JSON Schema (a `$ref` to `#/components/schemas/<protobuf type>` is filled from the descriptors). */
  body?: { description?: string; content: Record<string, Record<string, unknown>> };
  /** The success answer: status, description and its JSON Schema. */
  response?: { status?: number; description: string; schema?: Record<string, unknown> };
  /** Other answers this route gives: status → description. */
  errors?: Record<number, string>;
}

export const param = (name: string): ValueSource => ({ from: 'param', name });
export const query = (name: string): ValueSource => ({ from: 'query', name });
export const body = (...names: string[]): ValueSource => ({ from: 'body', names });
export const node = (source: ValueSource, options: { mayBeNew?: boolean } = {}): ScopeTarget => ({ kind: 'node', source, ...options });
export const segment = (source: ValueSource, options: { mayBeNew?: boolean } = {}): ScopeTarget => ({ kind: 'segment', source, ...options });
export const dso = (source: ValueSource): ScopeTarget => ({ kind: 'dso', source });
export const stored = (source: ValueSource, what: string, store: symbol | string | Type<unknown>, find: string): ScopeTarget => ({ kind: 'stored', source, store, find, what });
export const checkedInHandler = (description: string): ScopeTarget => ({ kind: 'in-handler', description });
