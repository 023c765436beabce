/** Small Markdown helpers for text that comes from preview files (names, values, messages). */

const MAX_VALUE_CHARS = 160;

/** Inline code that survives tables: no pipes, backticks or newlines break out of it. */
export function code(text: string): string {
  // Most names need no escaping; skip the three replacements for them (reports list thousands).
  if (!/[`|\n]/.test(text)) return "`" + text + "`";
  return "`" + text.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\r?\n/g, " ") + "`";
}

/** A property value as a table cell: JSON, shortened; "(none)" when absent. */
export function valueCell(value: unknown): string {
  if (value === undefined) return "(none)";
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS - 3)}...`;
  return code(text);
}

/** Plain text for a list item or summary line: HTML and table syntax neutralised, one line. */
export function inlineText(text: string, max = 500): string {
  const oneLine = text.replace(/\r?\n+/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|");
  return oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n</details>\n`;
}

/**
 * A whole number with en-US thousands separators ("149,000"). Not toLocaleString: its first call
 * loads ICU's locale data, about 10 ms of a report's run.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
