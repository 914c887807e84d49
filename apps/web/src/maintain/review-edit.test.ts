import { describe, expect, it } from 'vitest';
import { reviewChanges, reviewFormValues, type EditableReview } from './review-edit';

const review: EditableReview = {
  title: 'BCG vaccine against tuberculosis',
  question: 'Does BCG prevent tuberculosis?',
  population: null,
  intervention: 'BCG',
  comparison: 'No vaccine',
  outcomesDescription: null,
  citation: 'Colditz 1994',
  registration: null,
  status: 'ACTIVE',
  isPublic: true,
};

describe('editing a review', () => {
  it('fills the form with the stored description, missing texts as empty boxes', () => {
    expect(reviewFormValues(review)).toEqual({
      title: 'BCG vaccine against tuberculosis',
      question: 'Does BCG prevent tuberculosis?',
      population: '',
      intervention: 'BCG',
      comparison: 'No vaccine',
      outcomesDescription: '',
      citation: 'Colditz 1994',
      registration: '',
      status: 'ACTIVE',
      visibility: 'PUBLIC',
    });
    expect(reviewFormValues({ ...review, isPublic: false }).visibility).toBe('PRIVATE');
  });

  it('sends only what the maintainer changed, trimmed, with an emptied text as "" to clear it', () => {
    const before = reviewFormValues(review);
    expect(reviewChanges(before, { ...before })).toEqual({});
    expect(reviewChanges(before, { ...before, title: '  BCG and tuberculosis ', population: 'Children', citation: '' })).toEqual({
      title: 'BCG and tuberculosis',
      population: 'Children',
      citation: '',
    });
    // Spaces added around a text are not a change.
    expect(reviewChanges(before, { ...before, intervention: ' BCG ' })).toEqual({});
    // An emptied title goes to the API, which says why it cannot be empty.
    expect(reviewChanges(before, { ...before, title: '   ' })).toEqual({ title: '' });
  });

  it('sends status and visibility as the API names them', () => {
    const before = reviewFormValues(review);
    expect(reviewChanges(before, { ...before, status: 'ARCHIVED', visibility: 'PRIVATE' })).toEqual({ status: 'ARCHIVED', isPublic: false });
    const hidden = reviewFormValues({ ...review, isPublic: false });
    expect(reviewChanges(hidden, { ...hidden, visibility: 'PUBLIC' })).toEqual({ isPublic: true });
  });
});
