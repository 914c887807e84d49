/** A problem a user can fix: the input path and what is wrong, in words a maintainer can act on. */
export interface UserError {
  field: string[];
  message: string;
}

/** Thrown inside a write to refuse it: the transaction rolls back and the payload carries the errors. */
export class UserInputError extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((error) => `${error.field.join('.')}: ${error.message}`).join('; '));
    this.name = 'UserInputError';
  }
}

export function refuse(field: string[], message: string): never {
  throw new UserInputError([{ field, message }]);
}

/** The outcome of a write: the object, or the errors and nothing stored. */
export type WriteResult<T> = { ok: true; value: T; version: number } | { ok: false; errors: UserError[] };

/** Runs a write and turns a refusal thrown anywhere in it into the payload's errors. */
export async function refusable<T>(work: () => Promise<WriteResult<T>>): Promise<WriteResult<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserInputError) return { ok: false, errors: error.errors };
    throw error;
  }
}
