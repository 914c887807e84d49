// Every number in a ClinicalTrials.gov record is a string: read it carefully and keep the text it came from.

/** A number as the registry wrote it: `value` is null when the text is not a number ("NA", "", "see comment"). */
export interface RegistryNumber {
  text: string;
  value: number | null;
  /** Digits after the decimal point in the text (the precision the registry reported), 0 for integers. */
  decimals: number;
}

/** A p-value with the comparator the registry gave ("<0.001" → comparator '<', value 0.001). */
export interface RegistryPValue extends RegistryNumber {
  comparator: '<' | '<=' | '>' | '>=' | '=';
}

// Plain decimals, optional thousands separators ("1,234.5"), optional exponent; nothing else is a number.
const DECIMAL = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?(?:[eE][-+]?\d+)?$/;

export function parseRegistryNumber(text: string): RegistryNumber {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!match || !/\d/.test(trimmed.replace(/[eE][-+]?\d+$/, ''))) return { text, value: null, decimals: 0 };
  const value = Number(trimmed.replace(/,/g, ''));
  if (!Number.isFinite(value)) return { text, value: null, decimals: 0 };
  return { text, value, decimals: match[1]?.length ?? 0 };
}

/** Reads an optional field: absent stays absent, present text is always kept. */
export function readNumber(text: string | undefined | null): RegistryNumber | undefined {
  return typeof text === 'string' ? parseRegistryNumber(text) : undefined;
}

const COMPARATOR = /^(<=|>=|≤|≥|<|>|=)?\s*(.*)$/s;

export function parsePValue(text: string): RegistryPValue {
  const [, sign = '=', rest] = COMPARATOR.exec(text.trim()) ?? [];
  const comparator = sign === '≤' ? '<=' : sign === '≥' ? '>=' : (sign as RegistryPValue['comparator']);
  const number = parseRegistryNumber(rest ?? '');
  return { ...number, text, comparator };
}
