// Expected failures are part of the schema: every mutation payload carries `errors { field message }`.
import type { UserError } from '../domain/user-errors.js';
import type { WriteResult } from '../domain/user-errors.js';
import { builder } from './builder.js';

export const UserErrorRef = builder.objectRef<UserError>('UserError').implement({
  description: 'A problem with the input that the user can fix. Nothing was stored.',
  fields: (t) => ({
    field: t.exposeStringList('field', { description: "The input path, e.g. ['input', 'events1']." }),
    message: t.exposeString('message'),
  }),
});

/** A payload's source: the stored object (null when refused) and the errors. */
export interface Payload<T> {
  value: T | null;
  errors: UserError[];
  version: number | null;
}

export function payloadOf<T, U = T>(result: WriteResult<T>, map?: (value: T, version: number) => U): Payload<U> {
  if (!result.ok) return { value: null, errors: result.errors, version: null };
  return { value: map ? map(result.value, result.version) : (result.value as unknown as U), errors: [], version: result.version };
}
