// Errors of the local infrastructure harness: each message says what went wrong and what to do about it.

/** Something the harness needs (a tool, a port, a directory, a server) is missing or misbehaving. */
export class InfraError extends Error {
  override readonly name: string = 'InfraError';
}

/** A command-line tool the harness runs is not installed; the message names the packages to install. */
export class MissingToolError extends InfraError {
  override readonly name = 'MissingToolError';

  constructor(readonly tools: readonly string[], message: string) {
    super(message);
  }
}
