import * as fs from "fs";
import * as path from "path";
import { CliError } from "../errors";
import { Io } from "../io";
import { assertNoSecrets } from "./secret-scan";

/** Scans `text` for secrets, then writes it to `out` (relative to the cwd) or stdout. */
export function writeCheckedOutput(io: Io, text: string, out: string | undefined, what: string): void {
  assertNoSecrets(text, io.env, what);
  if (!out) {
    io.stdout(text);
    return;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, out), text);
  } catch (err) {
    throw new CliError(`--out ${out}: cannot write the file (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
  }
}
