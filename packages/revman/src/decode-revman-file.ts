// The text of an .rm5 file from its bytes. RevMan 5 saves ISO-8859-1 (and says so in the XML declaration);
// later files and hand edits may be UTF-8 or UTF-16 with a byte order mark.
import { RevManFileError } from './errors.js';

/** Decodes the file as its byte order mark or XML declaration says (UTF-8 when neither says). */
export function decodeRevManFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1] ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(declared);
  } catch {
    throw new RevManFileError([
      {
        element: 'XML',
        id: null,
        message: `the file declares the character encoding '${declared}', which cannot be read here; save it from RevMan 5 again (ISO-8859-1) or convert it to UTF-8`,
      },
    ]);
  }
  return decoder.decode(bytes);
}
