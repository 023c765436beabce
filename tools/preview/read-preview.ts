import * as fs from "fs";
import { CliError } from "../errors";
import { Preview } from "./model";
import { DIGEST_KEYS, parseDigest, typeName } from "./parse-digest";
import { isEngineEvent, parseEventLog } from "./parse-event-log";

/**
 * Reads a preview file and detects its format: the `pulumi preview --json` document (one JSON
 * value) or an engine event log (one JSON event per line). Anything else is bad input (exit 2)
 * with a message naming the file and what was wrong; file contents are never echoed, since a
 * preview may hold plaintext secrets.
 */
export function readPreviewFile(file: string, label = file): Preview {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new CliError(`${label}: cannot read the preview file (${code}); expected the output of pulumi preview --json or an --event-log file.`);
  }
  return parsePreviewText(text, label);
}

export function parsePreviewText(text: string, source: string): Preview {
  if (text.trim().length === 0) {
    throw new CliError(`${source}: the file is empty; expected the output of pulumi preview --json or an --event-log file. An empty output usually means pulumi failed before the engine ran: check its exit code and stderr.`);
  }
  let whole: unknown;
  let wholeError: Error | undefined;
  try {
    whole = JSON.parse(text);
  } catch (err) {
    wholeError = err as Error;
  }
  if (!wholeError) return fromSingleValue(whole, source);
  const newline = text.indexOf("\n");
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).trim();
  if (looksLikeEvent(firstLine)) return parseEventLog(parseEventLines(text, source), source);
  if (text.trimStart().startsWith("{")) {
    throw new CliError(`${source}: not valid JSON (${wholeError.message}); expected a complete pulumi preview --json document. The file may be truncated or mixed with console text.`);
  }
  throw new CliError(
    `${source}: not JSON; expected the output of pulumi preview --json or an --event-log file. ` +
      (/^\s*(Previewing|Refreshing|Updating)\b/.test(text)
        ? "It looks like pulumi's console display: run pulumi preview with --json (or --event-log <file>)."
        : "The first line does not start with '{'."),
  );
}

function fromSingleValue(value: unknown, source: string): Preview {
  if (isEngineEvent(value)) return parseEventLog([value as Record<string, unknown>], source);
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new CliError(`${source}: expected a JSON object (pulumi preview --json) or JSON lines (an event log); found ${typeName(value)}.`);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    throw new CliError(`${source}: the document is {}; pulumi prints that when it fails before the engine runs (no stack, missing config). Check the exit code and stderr of pulumi preview.`);
  }
  if ("result" in value && "summary" in value) {
    throw new CliError(`${source}: this is the one-line summary of pulumi preview --output json, which has no property diffs; run pulumi preview --json instead.`);
  }
  if (!keys.some((k) => DIGEST_KEYS.includes(k))) {
    throw new CliError(`${source}: JSON, but neither a pulumi preview --json document nor an engine event log: its top-level keys are ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", ..." : ""}; expected keys such as steps, changeSummary, diagnostics.`);
  }
  return parseDigest(value as Record<string, unknown>, source);
}

function looksLikeEvent(line: string): boolean {
  try {
    return isEngineEvent(JSON.parse(line));
  } catch {
    return false;
  }
}

function parseEventLines(text: string, source: string): Record<string, unknown>[] {
  const lines = text.split("\n");
  const lastContentLine = lines.reduce((last, line, i) => (line.trim() ? i : last), 0);
  const events: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (err) {
      throw new CliError(
        i === lastContentLine
          ? `${source}: line ${i + 1} (the last) is incomplete JSON; the event log looks truncated (was pulumi killed before it finished?).`
          : `${source}: line ${i + 1} is not JSON (${(err as Error).message}); an event log has one JSON engine event per line.`,
      );
    }
    if (!isEngineEvent(event)) {
      throw new CliError(`${source}: line ${i + 1} is JSON but not an engine event (none of resourcePreEvent, diagnosticEvent, policyEvent, summaryEvent, ...).`);
    }
    events.push(event as Record<string, unknown>);
  });
  return events;
}
