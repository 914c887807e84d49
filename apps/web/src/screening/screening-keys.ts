// One key per decision on the screening page: I include, E exclude, M maybe, U undo my last vote. At the full text,
// E opens the review's exclusion reasons and 1–9 pick one (Escape closes them). Keys typed into a field are the
// field's, a key with Ctrl, Alt or Meta belongs to the browser, and a key held down decides once, not for every record
// that follows.
import type { ScreeningDecision, ScreeningStage } from '../graphql/screening';

export type ScreeningKeyAction =
  | { kind: 'decide'; decision: ScreeningDecision; reason?: string }
  | { kind: 'choose-reason' }
  | { kind: 'cancel' }
  | { kind: 'undo' };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** The key is held down: the browser repeats it. */
  repeat?: boolean;
  target?: EventTarget | null;
}

export interface KeyState {
  stage: ScreeningStage;
  /** The exclusion reasons are open, waiting for a number. */
  choosingReason: boolean;
  exclusionReasons: readonly string[];
}

export const DECISION_KEYS: Record<ScreeningDecision, string> = { INCLUDE: 'I', EXCLUDE: 'E', MAYBE: 'M' };
export const UNDO_KEY = 'U';

/** Is the key going into something the person types in (an input, a textarea, a select, an editable element)? */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  const tag = element.tagName?.toUpperCase();
  if (element.isContentEditable) return true;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['button', 'submit', 'reset', 'checkbox', 'radio'].includes((element.type ?? 'text').toLowerCase());
  return false;
}

/** What a key press does on the screening page, or null when it is not ours. */
export function screeningKeyAction(press: KeyPress, state: KeyState): ScreeningKeyAction | null {
  if (press.ctrlKey || press.altKey || press.metaKey || press.repeat || isTypingTarget(press.target)) return null;
  const key = press.key.length === 1 ? press.key.toUpperCase() : press.key;
  if (state.choosingReason) {
    if (key === 'Escape') return { kind: 'cancel' };
    if (/^[1-9]$/.test(key)) {
      const reason = state.exclusionReasons[Number(key) - 1];
      return reason === undefined ? null : { kind: 'decide', decision: 'EXCLUDE', reason };
    }
    return null;
  }
  if (key === DECISION_KEYS.INCLUDE) return { kind: 'decide', decision: 'INCLUDE' };
  if (key === DECISION_KEYS.MAYBE) return { kind: 'decide', decision: 'MAYBE' };
  if (key === DECISION_KEYS.EXCLUDE) return state.stage === 'FULL_TEXT' ? { kind: 'choose-reason' } : { kind: 'decide', decision: 'EXCLUDE' };
  if (key === UNDO_KEY) return { kind: 'undo' };
  return null;
}
