// Hands a file to the browser's download (an anchor with `download`); the only DOM-touching part of downloads.

export function saveUrl(fileName: string, url: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

export function saveText(fileName: string, text: string, type: string): void {
  // A byte-order mark lets spreadsheet programs read UTF-8 CSV (study names like "Virzì") correctly.
  const blob = new Blob([type.startsWith('text/csv') ? '\uFEFF' : '', text], { type });
  const url = URL.createObjectURL(blob);
  saveUrl(fileName, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
