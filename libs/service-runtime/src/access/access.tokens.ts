/** Injection tokens of the access layer (its stores have theirs beside their ports). */
export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');
