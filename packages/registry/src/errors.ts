// Errors a user can act on: each names the NCT id or the registry's base URL, and says what to do.

export type RegistryErrorKind = 'invalid-id' | 'not-found' | 'not-json' | 'network' | 'not-a-study' | 'http' | 'gave-up';

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly url: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** A document that is JSON but not a study record as the API v2 writes it. */
export class RegistryFormatError extends Error {
  override name = 'RegistryFormatError';
}
