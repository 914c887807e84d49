// @cumulus/text: text a user typed, made safe wherever it is shown or stored. Pure TypeScript, no I/O; the API
// and the dashboard both use it, so one rule holds everywhere.
export { escapeHtml } from './escape-html.js';
export { csvCell, defuseFormula, toCsv, type CsvCell } from './csv.js';
export { labelKey, plainTextProblem } from './plain-text.js';
