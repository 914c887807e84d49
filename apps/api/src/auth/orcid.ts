// ORCID iDs: 16 characters in four groups, the last a check character (ISO 7064 MOD 11-2).
const ORCID = /^(?:https?:\/\/orcid\.org\/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/i;

/** The iD as 0000-0002-1825-0097, or null when it is not one (wrong shape or check character). */
export function normaliseOrcid(value: string): string | null {
  const match = ORCID.exec(value.trim());
  if (!match) return null;
  const digits = match.slice(1).join('').toUpperCase();
  // https://support.orcid.org/hc/en-us/articles/360006897674 (ISO 7064 11,2)
  let total = 0;
  for (const digit of digits.slice(0, 15)) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  const check = result === 10 ? 'X' : String(result);
  if (digits[15] !== check) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}
