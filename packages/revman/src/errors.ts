// Problems with a file that its owner can fix, each naming the element and its ID and saying what to do.

export interface RevManProblem {
  /** The XML element, e.g. 'DICH_DATA'. */
  element: string;
  /** The RevMan ID it concerns (an outcome, study or subgroup ID), or null. */
  id: string | null;
  message: string;
}

/** Thrown by parseRevManFile with every problem found in the file, not just the first. */
export class RevManFileError extends Error {
  constructor(readonly problems: RevManProblem[]) {
    super(problems.map((problem) => problem.message).join('\n'));
    this.name = 'RevManFileError';
  }
}
