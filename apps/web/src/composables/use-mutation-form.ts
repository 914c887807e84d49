// A maintainer's form: send the input, show the API's `errors { field message }` next to the fields they name,
// and what was stored when there were none.
import { ref, type Ref } from 'vue';

export interface UserError {
  field: string[];
  message: string;
}

export interface FormErrors {
  /** By input path below `input`: "events1", "newcastleOttawa.selection". */
  fields: Record<string, string[]>;
  /** Errors about the whole input (a missing token, an unknown id). */
  general: string[];
}

export function errorsByField(errors: readonly UserError[], knownFields: readonly string[] = []): FormErrors {
  const result: FormErrors = { fields: {}, general: [] };
  for (const error of errors) {
    const path = (error.field[0] === 'input' ? error.field.slice(1) : error.field).join('.');
    // A path the form has no field for (or none at all) is shown above the form, not lost.
    if (!path || (knownFields.length > 0 && !knownFields.includes(path))) result.general.push(error.message);
    else (result.fields[path] ??= []).push(error.message);
  }
  return result;
}

export interface MutationForm<TValue> {
  pending: Ref<boolean>;
  errors: Ref<FormErrors>;
  /** The last stored result, until the next submit. */
  saved: Ref<TValue | null>;
  submit(input: Record<string, unknown>): Promise<TValue | null>;
}

/** `send` runs the mutation and returns its payload's object (null when refused) and errors. */
export function useMutationForm<TValue>(
  send: (input: Record<string, unknown>) => Promise<{ value: TValue | null; errors: readonly UserError[] }>,
  knownFields: readonly string[] | (() => readonly string[]) = [],
): MutationForm<TValue> {
  const pending = ref(false);
  const errors = ref<FormErrors>({ fields: {}, general: [] });
  const saved = ref<TValue | null>(null) as Ref<TValue | null>;
  return {
    pending,
    errors,
    saved,
    async submit(input) {
      pending.value = true;
      saved.value = null;
      errors.value = { fields: {}, general: [] };
      try {
        const result = await send(input);
        const fields = typeof knownFields === 'function' ? knownFields() : knownFields;
        errors.value = errorsByField(result.errors, fields);
        if (result.errors.length === 0 && result.value === null) errors.value.general.push('Nothing was stored.');
        saved.value = result.errors.length === 0 ? result.value : null;
        return saved.value;
      } catch (error) {
        errors.value = { fields: {}, general: [`Could not save: ${(error as Error).message}`] };
        return null;
      } finally {
        pending.value = false;
      }
    },
  };
}
