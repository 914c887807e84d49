// Review roles in words, and what a team page offers a viewer (the API checks again on every change).
import type { Permission, ReviewRole } from '../graphql/people';

export const ROLE_LABELS: Record<ReviewRole, string> = {
  OWNER: 'Owner',
  MAINTAINER: 'Maintainer',
  SCREENER: 'Screener',
  ARBITER: 'Arbiter',
  EXTRACTOR: 'Extractor',
  READER: 'Reader',
};

/** What each role is for (apps/api README, "Roles and permissions"). */
export const ROLE_PURPOSES: Record<ReviewRole, string> = {
  OWNER: 'everything, including the team',
  MAINTAINER: 'studies, data and settings',
  SCREENER: 'screens records',
  ARBITER: 'resolves screening conflicts',
  EXTRACTOR: 'records and corrects data rows',
  READER: 'reads the review while it is private',
};

export const ROLES = Object.keys(ROLE_LABELS) as ReviewRole[];

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: `${ROLE_LABELS[role]}: ${ROLE_PURPOSES[role]}` }));

/** "Owner, Screener", or "no role" for an empty list. */
export function roleList(roles: readonly ReviewRole[] | null | undefined): string {
  if (!roles || roles.length === 0) return 'no role';
  return [...roles].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)).map((role) => ROLE_LABELS[role]).join(', ');
}

export interface TeamOffers {
  /** Invite, change roles, remove members, revoke invitations. */
  manage: boolean;
  /** See the team at all (members and administrators). */
  see: boolean;
}

export function teamOffers(permissions: readonly Permission[] | null | undefined): TeamOffers {
  const held = permissions ?? [];
  return { manage: held.includes('MANAGE_TEAM'), see: held.length > 0 };
}

/** The roles after ticking or unticking one: kept in the table's order, never twice. */
export function toggledRoles(roles: readonly ReviewRole[], role: ReviewRole, on: boolean): ReviewRole[] {
  const next = new Set(roles);
  if (on) next.add(role);
  else next.delete(role);
  return ROLES.filter((r) => next.has(r));
}
