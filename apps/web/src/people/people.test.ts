import { describe, expect, it } from 'vitest';
import { personalAccessTokenInput, tokenReviews, tokenState } from './personal-access-tokens';
import { returnPath } from './return-path';
import { roleList, teamOffers, toggledRoles } from './roles';

describe('returnPath', () => {
  it('keeps a path on this site and refuses anywhere else', () => {
    expect(returnPath('/reviews/r1?tab=team')).toBe('/reviews/r1?tab=team');
    expect(returnPath('//evil.example/x')).toBe('/');
    expect(returnPath('/\\evil.example')).toBe('/');
    expect(returnPath('https://evil.example')).toBe('/');
    expect(returnPath(undefined, '/profile')).toBe('/profile');
    expect(returnPath(['/a'])).toBe('/');
  });
});

describe('roles', () => {
  it('lists roles in the table’s order, and says when there are none', () => {
    expect(roleList(['SCREENER', 'OWNER'])).toBe('Owner, Screener');
    expect(roleList([])).toBe('no role');
  });

  it('offers team management only with MANAGE_TEAM', () => {
    expect(teamOffers(['READ', 'SCREEN'])).toEqual({ manage: false, see: true });
    expect(teamOffers(['READ', 'MANAGE_TEAM'])).toEqual({ manage: true, see: true });
    expect(teamOffers([])).toEqual({ manage: false, see: false });
    expect(teamOffers(null)).toEqual({ manage: false, see: false });
  });

  it('ticks and unticks a role without doubles', () => {
    expect(toggledRoles(['READER'], 'OWNER', true)).toEqual(['OWNER', 'READER']);
    expect(toggledRoles(['OWNER', 'READER'], 'OWNER', true)).toEqual(['OWNER', 'READER']);
    expect(toggledRoles(['OWNER', 'READER'], 'OWNER', false)).toEqual(['READER']);
  });
});

describe('personal access tokens', () => {
  it('leaves out the limits not chosen, so the API applies none', () => {
    expect(personalAccessTokenInput({ name: ' nightly import ', reviewIds: [], roles: [], expiresInDays: '' })).toEqual({ input: { name: 'nightly import' }, errors: [] });
    expect(personalAccessTokenInput({ name: 'n', reviewIds: ['r1'], roles: ['READER'], expiresInDays: 30 }).input).toEqual({
      name: 'n',
      reviewIds: ['r1'],
      roles: ['READER'],
      expiresInDays: 30,
    });
  });

  it('refuses days that are no whole number beside that field, before asking the API', () => {
    expect(personalAccessTokenInput({ name: 'n', reviewIds: [], roles: [], expiresInDays: '2.5' }).errors).toEqual([
      { field: ['input', 'expiresInDays'], message: "'2.5' is not a whole number of days" },
    ]);
  });

  it('says whether a token still works', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-07-01T00:00:00Z' }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-05-01T00:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ revokedAt: '2026-05-20T00:00:00Z', expiresAt: '2026-07-01T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
  });

  it('names the reviews a token is limited to', () => {
    const titles = new Map([['r1', 'BCG']]);
    expect(tokenReviews(null, titles)).toBe('every review of yours');
    expect(tokenReviews(['r1', 'r9'], titles)).toBe('BCG, r9');
  });
});
