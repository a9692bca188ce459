/** A received message that does not decode as its topic's schema: a domain-style error with a code a DLQ can carry. */
export type MessageDecodeErrorCode = 'INVALID_PROTOBUF' | 'INVALID_JSON' | 'UNSUPPORTED_CONTENT_TYPE';

export class MessageDecodeError extends Error {
  constructor(
    readonly code: MessageDecodeErrorCode,
    readonly topic: string,
    readonly partition: number,
    readonly offset: bigint,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${topic}[${partition}]@${offset}: ${detail}`, options);
    this.name = 'MessageDecodeError';
  }
}
