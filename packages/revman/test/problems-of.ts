// The problems a file is refused with (the test fails when it is accepted).
import { expect } from 'vitest';
import { parseRevManFile, RevManFileError, type RevManProblem } from '../src/index.js';

export function problemsOf(xml: string): RevManProblem[] {
  try {
    parseRevManFile(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(RevManFileError);
    return (error as RevManFileError).problems;
  }
  throw new Error('the file was accepted');
}
