// The reference-case format shared with R metafor, RevMan 5 and rpact (test/fixtures/README.md).
import type { Measure, StudyInput } from '../types.js';

export interface CaseCheck {
  kind: string;
  options: Record<string, unknown>;
  expected: unknown;
  /** The engine's own numbers under the same keys; null for a check kind the engine does not know. */
  actual?: unknown;
  /** Why the engine could not compute this check, when it could not. */
  error?: string;
}

export interface CaseFile {
  id: string;
  source?: string;
  generator?: string;
  measure?: Measure;
  conventions?: { preset?: string } & Record<string, unknown>;
  studies: StudyInput[];
  checks: CaseCheck[];
}

/** Computes one kind of check for a case: returns the `actual` object. */
export type CheckRunner = (caseFile: CaseFile, options: Record<string, unknown>) => unknown;
