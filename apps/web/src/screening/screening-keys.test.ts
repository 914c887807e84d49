import { describe, expect, it } from 'vitest';
import { isTypingTarget, screeningKeyAction, type KeyState } from './screening-keys';

const reasons = ['wrong population', 'wrong intervention', 'wrong outcomes'];
const titleAbstract: KeyState = { stage: 'TITLE_ABSTRACT', choosingReason: false, exclusionReasons: reasons };
const fullText: KeyState = { stage: 'FULL_TEXT', choosingReason: false, exclusionReasons: reasons };
const choosing: KeyState = { ...fullText, choosingReason: true };

describe('screeningKeyAction', () => {
  it('decides with one key on titles and abstracts, either case', () => {
    expect(screeningKeyAction({ key: 'i' }, titleAbstract)).toEqual({ kind: 'decide', decision: 'INCLUDE' });
    expect(screeningKeyAction({ key: 'E' }, titleAbstract)).toEqual({ kind: 'decide', decision: 'EXCLUDE' });
    expect(screeningKeyAction({ key: 'm' }, titleAbstract)).toEqual({ kind: 'decide', decision: 'MAYBE' });
    expect(screeningKeyAction({ key: 'u' }, titleAbstract)).toEqual({ kind: 'undo' });
    expect(screeningKeyAction({ key: 'x' }, titleAbstract)).toBeNull();
    expect(screeningKeyAction({ key: '1' }, titleAbstract)).toBeNull();
  });

  it('opens the exclusion reasons at the full text, and a number picks one', () => {
    expect(screeningKeyAction({ key: 'e' }, fullText)).toEqual({ kind: 'choose-reason' });
    expect(screeningKeyAction({ key: '3' }, choosing)).toEqual({ kind: 'decide', decision: 'EXCLUDE', reason: 'wrong outcomes' });
    expect(screeningKeyAction({ key: '4' }, choosing)).toBeNull();
    expect(screeningKeyAction({ key: '0' }, choosing)).toBeNull();
    expect(screeningKeyAction({ key: 'Escape' }, choosing)).toEqual({ kind: 'cancel' });
    // While the reasons are open, other keys do nothing.
    expect(screeningKeyAction({ key: 'i' }, choosing)).toBeNull();
  });

  it('leaves keys typed in a field, keys with Ctrl, Alt or Meta, and a held key’s repeats alone', () => {
    expect(screeningKeyAction({ key: 'i', target: { tagName: 'INPUT', type: 'text' } as unknown as EventTarget }, titleAbstract)).toBeNull();
    expect(screeningKeyAction({ key: 'e', target: { tagName: 'TEXTAREA' } as unknown as EventTarget }, titleAbstract)).toBeNull();
    expect(screeningKeyAction({ key: 'm', target: { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget }, titleAbstract)).toBeNull();
    expect(screeningKeyAction({ key: 'i', ctrlKey: true }, titleAbstract)).toBeNull();
    expect(screeningKeyAction({ key: 'e', metaKey: true }, titleAbstract)).toBeNull();
    // A key held down decides once: its repeats would vote on the records that follow.
    expect(screeningKeyAction({ key: 'i', repeat: true }, titleAbstract)).toBeNull();
    expect(screeningKeyAction({ key: 'i', target: { tagName: 'BUTTON' } as unknown as EventTarget }, titleAbstract)).toEqual({ kind: 'decide', decision: 'INCLUDE' });
  });
});

describe('isTypingTarget', () => {
  it('counts text inputs, text areas, selects and editable elements, not buttons or checkboxes', () => {
    expect(isTypingTarget({ tagName: 'input', type: 'search' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
