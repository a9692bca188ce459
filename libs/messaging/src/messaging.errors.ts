/** Errors of the messaging adapters, with a machine-readable code (mapped to logs and readiness, never to HTTP). */
export class MessagingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MessagingError';
  }
}

export class UnknownTopicError extends MessagingError {
  constructor(readonly topic: string) {
    super('UNKNOWN_TOPIC', `topic "${topic}" does not exist: declare it with ensureTopics() first`);
    this.name = 'UnknownTopicError';
  }
}

export class BusClosedError extends MessagingError {
  constructor() {
    super('BUS_CLOSED', 'the message bus is closed');
    this.name = 'BusClosedError';
  }
}
