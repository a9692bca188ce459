/** Domain errors of the registry; the controller's filter turns them into 400 and 404 answers. */
export class InvalidRegistryRecordError extends Error {
  override readonly name = 'InvalidRegistryRecordError';

  constructor(
    readonly recordType: 'segment' | 'grid node',
    readonly reasons: readonly string[],
  ) {
    super(`invalid ${recordType}: ${reasons.join('; ')}`);
  }
}

export class UnknownRegistryRecordError extends Error {
  override readonly name = 'UnknownRegistryRecordError';

  constructor(
    readonly recordType: 'segment' | 'grid node',
    readonly id: string,
  ) {
    super(`unknown ${recordType} "${id}"`);
  }
}
