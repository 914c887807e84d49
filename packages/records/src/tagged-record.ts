// A record of a tagged format (RIS, Web of Science, MEDLINE) before its tags are read as fields.

export interface TaggedRecord {
  /** The line of the tag that opened the record (TY, PT, PMID). */
  line: number;
  /** Values per tag in file order; a value's continuation lines are kept, joined by '\n'. */
  fields: Map<string, string[]>;
}

export function addValue(record: TaggedRecord, tag: string, value: string): void {
  const values = record.fields.get(tag);
  if (values) values.push(value);
  else record.fields.set(tag, [value]);
}

/** Appends a continuation line to the tag's last value. */
export function continueValue(record: TaggedRecord, tag: string, line: string): void {
  const values = record.fields.get(tag);
  if (!values || values.length === 0) return;
  const last = values.length - 1;
  values[last] = values[last] === '' ? line : `${values[last]}\n${line}`;
}

/** The first non-empty value of the first tag that has one, on one line. */
export function first(record: TaggedRecord, ...tags: string[]): string | null {
  for (const tag of tags) {
    for (const value of record.fields.get(tag) ?? []) {
      const text = value.replace(/\s+/g, ' ').trim();
      if (text !== '') return text;
    }
  }
  return null;
}

/** Every non-empty value of the tags, in the order of the tags, each on one line. */
export function all(record: TaggedRecord, ...tags: string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    for (const value of record.fields.get(tag) ?? []) {
      const text = value.replace(/\s+/g, ' ').trim();
      if (text !== '') out.push(text);
    }
  }
  return out;
}

/** Every non-empty line of the tags' values: EndNote writes one keyword per continuation line under one KW. */
export function lines(record: TaggedRecord, ...tags: string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    for (const value of record.fields.get(tag) ?? []) {
      for (const line of value.split('\n')) {
        const text = line.trim();
        if (text !== '') out.push(text);
      }
    }
  }
  return out;
}
