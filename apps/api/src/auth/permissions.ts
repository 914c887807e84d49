// Review roles and what each may do. The API checks permissions, never role names, so a new role is one line here.
import type { ReviewRole } from '@cumulus/db';

export type Permission =
  /** Read a private review. */
  | 'read'
  /** Change the review, its outcomes and settings, PRISMA counts, published results, webhooks. */
  | 'edit-review'
  /** Add, change and retract studies; judgements on them (quality assessments, GRADE). */
  | 'edit-studies'
  /** Record and correct data rows. */
  | 'edit-data'
  /** Screen records (title/abstract, full text). */
  | 'screen'
  /** Resolve conflicts between screeners. */
  | 'resolve-conflicts'
  /** Invite, change and remove members of the review's team. */
  | 'manage-team';

export const reviewRoles: readonly ReviewRole[] = ['owner', 'maintainer', 'screener', 'arbiter', 'extractor', 'reader'];

export const permissionsOfRole: Readonly<Record<ReviewRole, readonly Permission[]>> = {
  owner: ['read', 'edit-review', 'edit-studies', 'edit-data', 'screen', 'resolve-conflicts', 'manage-team'],
  maintainer: ['read', 'edit-review', 'edit-studies', 'edit-data'],
  screener: ['read', 'screen'],
  arbiter: ['read', 'screen', 'resolve-conflicts'],
  extractor: ['read', 'edit-data'],
  reader: ['read'],
};

export const everyPermission = permissionsOfRole.owner;

/** Roles that may do `permission`, for refusals that say what would be needed. */
export function rolesWith(permission: Permission): ReviewRole[] {
  return reviewRoles.filter((role) => permissionsOfRole[role].includes(permission));
}

export function permissionsOf(roles: Iterable<ReviewRole>): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of permissionsOfRole[role]) granted.add(permission);
  return everyPermission.filter((permission) => granted.has(permission));
}
