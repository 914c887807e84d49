import { describe, expect, it } from 'vitest';
import type { Viewer } from '../composables/use-session';
import type { ApiToken } from '../graphql/tokens';
import { tokenAccess } from './token-access';
import { reviewOptions, roleNamesReview, tokenInput } from './token-form';
import { formatTimestamp, tokenRows } from './token-rows';

const viewer = (role: Viewer['role'], extra: Partial<Viewer> = {}): Viewer => ({ role, name: 'Ana', reviewId: null, credentialProblem: null, ...extra });
const token = (extra: Partial<ApiToken>): ApiToken => ({ id: 't', name: 'n', role: 'MAINTAINER', reviewId: 'r1', createdAt: '2026-11-24T10:00:00.000Z', revokedAt: null, ...extra });
const reviews = [{ id: 'r1', title: 'BCG vaccine' }];

describe('token table', () => {
  it('lists tokens newest first with their role, review and state in words', () => {
    const rows = tokenRows(
      [
        token({ id: 'a', name: 'Loader', role: 'ADMIN', reviewId: null, createdAt: '2026-11-01T08:00:00.000Z' }),
        token({ id: 'm', name: 'Ana', createdAt: '2026-11-24T10:05:30.000Z', revokedAt: '2026-11-24T11:00:00.000Z' }),
        token({ id: 'r', name: 'Auditor', role: 'READER', reviewId: null, createdAt: '2026-11-10T00:00:00.000Z' }),
        token({ id: 'x', name: 'Old', reviewId: 'gone', createdAt: '2026-10-01T00:00:00.000Z' }),
      ],
      reviews,
    );
    expect(rows.map((row) => [row.name, row.role, row.review, row.created, row.revoked])).toEqual([
      ['Ana', 'Maintainer', 'BCG vaccine', '2026-11-24 10:05 UTC', '2026-11-24 11:00 UTC'],
      ['Auditor', 'Reader', 'Every private review', '2026-11-10 00:00 UTC', null],
      ['Loader', 'Administrator', 'Every review', '2026-11-01 08:00 UTC', null],
      ['Old', 'Maintainer', 'Review gone (not found)', '2026-10-01 00:00 UTC', null],
    ]);
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
});

describe('new-token form', () => {
  it('names a review only for maintainer and reader tokens', () => {
    expect(tokenInput({ name: '  Ana  ', role: 'MAINTAINER', reviewId: 'r1' })).toEqual({ name: 'Ana', role: 'MAINTAINER', reviewId: 'r1' });
    expect(tokenInput({ name: 'Root', role: 'ADMIN', reviewId: 'r1' })).toEqual({ name: 'Root', role: 'ADMIN' });
    expect(tokenInput({ name: 'Auditor', role: 'READER', reviewId: '' })).toEqual({ name: 'Auditor', role: 'READER' });
    // Left for the API to refuse next to the review field, in its words.
    expect(tokenInput({ name: 'Ana', role: 'MAINTAINER', reviewId: '' })).toEqual({ name: 'Ana', role: 'MAINTAINER' });
    expect(roleNamesReview('ADMIN')).toBe(false);
  });

  it('offers "every private review" to a reader and asks a maintainer to choose', () => {
    expect(reviewOptions('READER', reviews)[0]).toEqual({ value: '', label: 'Every private review' });
    expect(reviewOptions('MAINTAINER', reviews)).toEqual([
      { value: '', label: 'Choose a review…' },
      { value: 'r1', label: 'BCG vaccine' },
    ]);
  });
});

describe('token page access', () => {
  it('lets administrators in and tells everyone else why not, and what to do', () => {
    expect(tokenAccess(viewer('ADMIN'))).toEqual({ allowed: true, explanation: '', offerSignIn: false });
    expect(tokenAccess(viewer('MAINTAINER', { reviewId: 'r1' }))).toEqual({
      allowed: false,
      explanation:
        'Managing API tokens needs an administrator token. You are signed in with ‘Ana’, a maintainer token: it can change its review but cannot see or change tokens. Ask an administrator to create or revoke a token for you.',
      offerSignIn: false,
    });
    expect(tokenAccess(viewer('ANONYMOUS'))).toMatchObject({ allowed: false, explanation: expect.stringContaining('You are not signed in.'), offerSignIn: true });
    expect(tokenAccess(viewer('ANONYMOUS', { credentialProblem: "the bearer token 'Ana' was revoked" })).explanation).toBe(
      "Managing API tokens needs an administrator token. The token this browser sent was refused: the bearer token 'Ana' was revoked.",
    );
  });
});
