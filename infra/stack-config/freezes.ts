/**
 * Release freezes: periods in which no release or infra deploy may change a stack (e.g. year-end
 * closing of the ERP). One entry is `<start>|<end>|<reason>`; start and end are ISO 8601 date-times
 * WITH an explicit UTC offset (`2026-12-28T00:00+01:00` or `…Z`), so a freeze means the same
 * instant on every agent whatever its time zone. The period is [start, end): it begins at start
 * and is over at end. Pure: used by config validation, `delivery plan` and `delivery freeze-check`.
 */
export interface ReleaseFreeze {
  /** As written in the stack file. */
  readonly start: string;
  readonly end: string;
  readonly reason: string;
  readonly startMs: number;
  readonly endMs: number;
}

const INSTANT = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})`;
/** Shape of one entry (the field's item pattern); calendar and order are checked by freezeProblems. */
export const FREEZE_ENTRY = new RegExp(`^(${INSTANT})\\|(${INSTANT})\\|([^|;]{5,200})$`);
export const FREEZE_ENTRY_EXPECTS =
  "<start>|<end>|<reason of 5+ characters, no | or ;>, start and end ISO 8601 with a UTC offset, e.g. 2026-12-28T00:00+01:00|2027-01-04T08:00+01:00|year-end closing";

/** Parses one entry; undefined when the shape or a calendar value is wrong. */
export function parseFreeze(entry: string): ReleaseFreeze | undefined {
  const m = FREEZE_ENTRY.exec(entry);
  if (!m) return undefined;
  const startMs = instantMs(m[1]);
  const endMs = instantMs(m[2]);
  if (startMs === undefined || endMs === undefined) return undefined;
  return { start: m[1], end: m[2], reason: m[3].trim(), startMs, endMs };
}

/** Problems of a list of entries: shape/calendar, end not after start, overlapping periods. */
export function freezeProblems(entries: readonly string[]): { expected: string; found: string }[] {
  const problems: { expected: string; found: string }[] = [];
  const parsed: ReleaseFreeze[] = [];
  for (const e of entries) {
    const f = parseFreeze(e);
    if (!f) problems.push({ expected: `${FREEZE_ENTRY_EXPECTS}, with dates and times that exist`, found: JSON.stringify(e) });
    else if (f.endMs <= f.startMs) problems.push({ expected: "a freeze whose end is after its start", found: `${JSON.stringify(e)} (ends ${f.end}, starts ${f.start})` });
    else parsed.push(f);
  }
  const sorted = [...parsed].sort((a, b) => a.startMs - b.startMs);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.startMs < a.endMs) {
      problems.push({ expected: "freezes that do not overlap (merge them into one entry)", found: `"${a.reason}" (${a.start} to ${a.end}) overlaps "${b.reason}" (${b.start} to ${b.end})` });
    }
  }
  return problems;
}

/** The freeze in force at `now` (start inclusive, end exclusive), if any. */
export function activeFreeze(freezes: readonly ReleaseFreeze[], now: Date): ReleaseFreeze | undefined {
  const t = now.getTime();
  return freezes.find((f) => f.startMs <= t && t < f.endMs);
}

/** Epoch ms of an ISO instant whose every component exists (no 2026-02-30, no 24:00, offsets up to ±14:00). */
function instantMs(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  const offsetMin = m[7] === "Z" ? 0 : (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return undefined;
  if (Math.abs(offsetMin) > 14 * 60 || (m[7] !== "Z" && Number(m[10]) > 59)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
}

/** The freezes as the pipelines read them (RELEASE_FREEZES): entries as written, joined by ";" ("none" when there are none). */
export function releaseFreezesVariable(freezes: readonly ReleaseFreeze[]): string {
  return freezes.length > 0 ? freezes.map((f) => `${f.start}|${f.end}|${f.reason}`).join(";") : "none";
}
