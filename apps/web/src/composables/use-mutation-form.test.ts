import { describe, expect, it } from 'vitest';
import { errorsByField, useMutationForm } from './use-mutation-form';

describe('errorsByField', () => {
  it('puts each API message under the input field it names', () => {
    // What the API answers for events above participants and for a half-given Newcastle-Ottawa score.
    expect(
      errorsByField([
        { field: ['input', 'events1'], message: "study 'Aronson 1948': events1 (50) cannot exceed n1 (10) in arm 1" },
        { field: ['input', 'newcastleOttawa', 'selection'], message: 'selection stars run from 0 to 4' },
        { field: [], message: 'recording study data needs a token' },
      ]),
    ).toEqual({
      fields: { events1: ["study 'Aronson 1948': events1 (50) cannot exceed n1 (10) in arm 1"], 'newcastleOttawa.selection': ['selection stars run from 0 to 4'] },
      general: ['recording study data needs a token'],
    });
  });

  it('shows errors for fields the form does not have above the form', () => {
    expect(errorsByField([{ field: ['input', 'studyId'], message: 'unknown study' }], ['events1', 'n1'])).toEqual({ fields: {}, general: ['unknown study'] });
  });
});

describe('useMutationForm', () => {
  it('keeps what was stored, or the errors, from the last submit', async () => {
    const answers = [
      { value: null, errors: [{ field: ['input', 'n2'], message: 'n2 is required' }] },
      { value: { version: 31 }, errors: [] },
    ];
    const form = useMutationForm(async () => answers.shift()!, ['n2']);
    expect(await form.submit({})).toBeNull();
    expect(form.errors.value.fields).toEqual({ n2: ['n2 is required'] });
    expect(form.saved.value).toBeNull();
    expect(await form.submit({})).toEqual({ version: 31 });
    expect(form.errors.value).toEqual({ fields: {}, general: [] });
    expect(form.pending.value).toBe(false);
  });

  it('turns a network failure into a message', async () => {
    const form = useMutationForm(async () => {
      throw new Error('Failed to fetch');
    });
    expect(await form.submit({})).toBeNull();
    expect(form.errors.value.general).toEqual(['Could not save: Failed to fetch']);
  });
});
