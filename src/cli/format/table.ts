/** Plain-text tables with aligned columns: the first column left-aligned, figures right-aligned. */

export interface TableOptions {
  /** Columns (by index) aligned to the left; default: the first. */
  leftAligned?: readonly number[];
  indent?: string;
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const left = new Set(options.leftAligned ?? [0]);
  const indent = options.indent ?? '  ';
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    indent +
    widths
      .map((width, column) => {
        const cell = row[column] ?? '';
        return left.has(column) ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  const rule = indent + widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
