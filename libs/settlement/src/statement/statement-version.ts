/**
 * Whether a settlement run makes a new version of a statement: the document is compared with the latest
 * version by its content hash (the canonical bytes). Equal: nothing is written, so re-running the same
 * inputs, or replaying the topics that trigger a run, never adds a version. Different: the next version,
 * with the difference to the previous one. A version is never rewritten.
 */
import { SettlementInputError } from '../errors';
import type { JsonValue } from './canonical-json';
import { canonicalJson, sha256Hex } from './canonical-json';
import type { DocumentChange } from './document-diff';
import { diffDocuments } from './document-diff';

export interface StoredVersion {
  version: number;
  contentSha256: string;
  /** The canonical JSON text of the version's document. */
  document: string;
}

export type VersionDecision =
  | { outcome: 'unchanged'; version: number }
  | {
      outcome: 'issued';
      /** 1 for a first statement, latest + 1 for a revision. */
      version: number;
      document: string;
      contentSha256: string;
      /** Empty for version 1. */
      changes: DocumentChange[];
    };

/** `document`: any value canonical JSON can print (a statement document). */
export function decideVersion(latest: StoredVersion | undefined, document: unknown): VersionDecision {
  const text = canonicalJson(document);
  const contentSha256 = sha256Hex(text);
  if (!latest) return { outcome: 'issued', version: 1, document: text, contentSha256, changes: [] };
  if (!Number.isSafeInteger(latest.version) || latest.version < 1) throw new SettlementInputError(`stored version ${latest.version} is not a version number`);
  if (latest.contentSha256 === contentSha256) return { outcome: 'unchanged', version: latest.version };
  const changes = diffDocuments(JSON.parse(latest.document) as JsonValue, JSON.parse(text) as JsonValue);
  return { outcome: 'issued', version: latest.version + 1, document: text, contentSha256, changes };
}
