// Object types referenced across modules, declared once here and implemented in their own module.
import type { ReviewRow, StudyRow } from '@cumulus/db';
import type { OutcomeView } from '../domain/reads.js';
import { builder } from './builder.js';

export const ReviewRef = builder.objectRef<ReviewRow>('Review');
export const StudyRef = builder.objectRef<StudyRow>('Study');
export const OutcomeRef = builder.objectRef<OutcomeView>('Outcome');
