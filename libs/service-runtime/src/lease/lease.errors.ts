/** A lease name that cannot be a lease: names are letters, digits, `.`, `-` and `_` (they appear in metrics and logs). */
export class InvalidLeaseNameError extends Error {
  constructor(name: string) {
    super(`invalid lease name "${name}": expected 1 to 100 letters, digits, ".", "-" or "_"`);
    this.name = 'InvalidLeaseNameError';
  }
}

const LEASE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function assertLeaseName(name: string): void {
  if (!LEASE_NAME.test(name)) throw new InvalidLeaseNameError(name);
}
