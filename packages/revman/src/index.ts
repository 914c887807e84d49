// @cumulus/revman: reads Cochrane RevMan 5 review files (.rm5). Pure TypeScript, no I/O.
export { decodeRevManFile } from './decode-revman-file.js';
export { RevManFileError, type RevManProblem } from './errors.js';
export { parseRevManFile } from './parse-revman-file.js';
export type * from './types.js';
