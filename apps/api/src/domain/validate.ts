// Input checks that need no stored state, with the input path in every error.
import { plainTextProblem } from '@cumulus/text';
import { z } from 'zod';
import { UserInputError } from './user-errors.js';

/** Parses `input` or throws UserInputError whose fields start at `input`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new UserInputError(
    result.error.issues.map((issue) => ({
      field: ['input', ...issue.path.map(String)],
      message: issue.message,
    })),
  );
}

/** Lines of text a user typed: one line unless `multiline` (descriptions, notes, long text). */
export interface TextRules {
  multiline?: boolean;
}

/** Refuses characters that hide or reorder text (and line breaks in one-line text), naming the field (@cumulus/text). */
const shownAsTyped =
  (field: string, { multiline = false }: TextRules) =>
  (value: string | null | undefined, context: z.RefinementCtx) => {
    const problem = value ? plainTextProblem(value, { multiline }) : null;
    if (problem) context.addIssue({ code: 'custom', message: `${field} ${problem}` });
  };

export const text = (field: string, max = 500, rules: TextRules = {}) =>
  z
    .string()
    .trim()
    .min(1, `${field} cannot be empty`)
    .max(max, `${field} is longer than ${max} characters`)
    .superRefine(shownAsTyped(field, rules));

export const optionalText = (field: string, max = 5000, rules: TextRules = {}) =>
  z
    .string()
    .trim()
    .max(max, `${field} is longer than ${max} characters`)
    .superRefine(shownAsTyped(field, rules))
    .nullish()
    .transform((value) => (value === '' ? null : value));

export const year = z
  .number()
  .int('year must be a whole number')
  .min(1800, 'year must be 1800 or later')
  .max(2100, 'year must be 2100 or earlier')
  .nullish();

export const wholeCount = (field: string) =>
  z.number().int(`${field} must be a whole number`).min(0, `${field} cannot be negative`).nullish();

/** A calendar date as YYYY-MM-DD that exists (no 2021-02-30), not after today. */
export const isoDate = (field: string) =>
  z.string().trim().superRefine((value, context) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!match || !date || date.toISOString().slice(0, 10) !== value) {
      context.addIssue({ code: 'custom', message: `${field} must be a date written YYYY-MM-DD, such as 2021-02-01 (got '${value.slice(0, 40)}')` });
    } else if (value > new Date().toISOString().slice(0, 10)) {
      context.addIssue({ code: 'custom', message: `${field} ${value} is in the future` });
    }
  });

export const id = (what: string) => z.string().min(1, `${what} is required`);

/** Present: neither null nor undefined (GraphQL inputs leave fields out or set them to null). */
export const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
