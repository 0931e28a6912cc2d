/**
 * CSV for the dashboard downloads (RFC 4180: comma-separated, CRLF line ends, quoted when needed).
 *
 * NOTE: questions are typed by staff, so a cell that starts with = + - @ (or a tab or carriage return) gets a
 * leading apostrophe; otherwise a spreadsheet would run it as a formula when the file is opened.
 */
export function toCsv(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
