import { CliError } from "../errors";

/** One tool row of pipelines/tools.lock (columns documented in the file's header). */
export interface LockRow {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  readonly kind: "tar.gz" | "binary" | "image" | "agent";
  readonly source: string;
  readonly entry: string;
  readonly verified: string;
}

/** The lock file: rows plus every other line kept verbatim, so a rewrite changes only pinned rows. */
export interface LockFile {
  readonly lines: readonly ({ comment: string } | { row: LockRow })[];
}

const KINDS = ["tar.gz", "binary", "image", "agent"] as const;
const COLUMNS = ["name", "version", "sha256", "kind", "source", "entry", "verified"] as const;
export const PLACEHOLDER = "TO-PIN";

export function parseLock(text: string, file: string): LockFile {
  const lines = text.replace(/\n$/, "").split("\n").map((line, i) => {
    if (!line.trim() || line.trimStart().startsWith("#")) return { comment: line };
    const cells = line.trim().split(/\s+/);
    if (cells.length !== COLUMNS.length) {
      throw new CliError(`${file}:${i + 1}: expected ${COLUMNS.length} columns (${COLUMNS.join(" ")}); found ${cells.length}: ${JSON.stringify(line.trim())}.`);
    }
    const [name, version, sha256, kind, source, entry, verified] = cells;
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new CliError(`${file}:${i + 1}: kind of ${name} must be one of ${KINDS.join(", ")}; found ${JSON.stringify(kind)}.`);
    }
    if (kind !== "agent" && sha256 !== PLACEHOLDER && !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new CliError(`${file}:${i + 1}: sha256 of ${name} must be 64 lower-case hex digits or ${PLACEHOLDER}; found ${JSON.stringify(sha256)}.`);
    }
    return { row: { name, version, sha256, kind: kind as LockRow["kind"], source, entry, verified } };
  });
  return { lines };
}

export const rows = (lock: LockFile): LockRow[] => lock.lines.flatMap((l) => ("row" in l ? [l.row] : []));

/** The lock with some rows replaced (by name); columns re-aligned, every comment line kept. */
export function withRows(lock: LockFile, replaced: ReadonlyMap<string, LockRow>): LockFile {
  return { lines: lock.lines.map((l) => ("row" in l && replaced.has(l.row.name) ? { row: replaced.get(l.row.name)! } : l)) };
}

export function renderLock(lock: LockFile): string {
  const all = rows(lock);
  const widths = COLUMNS.map((c, i) => Math.max(i === 0 ? c.length + 2 : c.length, ...all.map((r) => r[c].length)));
  const pad = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
  return (
    lock.lines
      .map((l) => {
        if ("row" in l) return pad(COLUMNS.map((c) => l.row[c]));
        // The column header comment is re-aligned with the rows.
        if (/^#\s*name\s+version\s+sha256/.test(l.comment)) return "# " + pad(COLUMNS.map((c, i) => (i === 0 ? c.padEnd(widths[0] - 2) : c)));
        return l.comment;
      })
      .join("\n") + "\n"
  );
}
