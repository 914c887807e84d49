/** An input a user can correct: names the study and the field, and says what is wrong. */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';
  constructor(
    message: string,
    /** The study the problem is in, when there is one. */
    readonly studyId: string | null = null,
    /** The field at fault (`events1`, `sd2`, `studies`, ...). */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}
