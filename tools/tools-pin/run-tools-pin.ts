import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import { CliError } from "../errors";
import { ExitCode } from "../exit-codes";
import type { Io } from "../io";
import { LockRow, PLACEHOLDER, parseLock, renderLock, rows, withRows } from "./lock-file";
import { FilePublisher, ImagePublisher, PUBLISHERS, verifiedLabel } from "./publishers";
import { DownloadError, checkBaseUrl, download, latestVersion } from "./release-client";
import { VerifyError, cosignVerifyBlob, crossCheck, rawManifest, sha256Hex } from "./verify";

export interface ToolsPinOptions {
  readonly lock: string;
  readonly only?: readonly string[];
  /** Look up each tool's latest release and pin it when newer than the lock. Default true. */
  readonly latest?: boolean;
  readonly prBody?: string;
  readonly releaseBase?: string;
  readonly apiBase?: string;
}

/** What happened to one tool: a new verified row, nothing to do, or why it was not pinned. */
type Outcome =
  | { name: string; status: "pinned"; row: LockRow; before: LockRow; checks: string[]; reviewerHint?: string }
  | { name: string; status: "current"; note?: string }
  | { name: string; status: "failed"; reason: string };

interface Context {
  readonly env: NodeJS.ProcessEnv;
  readonly releaseBase: string;
  readonly workDir: string;
}

export async function runToolsPin(options: ToolsPinOptions, io: Io): Promise<ExitCode> {
  const releaseBase = checkBaseUrl("--release-base", options.releaseBase ?? "https://github.com");
  const apiBase = checkBaseUrl("--api-base", options.apiBase ?? "https://api.github.com");
  const lockPath = path.resolve(io.cwd, options.lock);
  if (!fs.existsSync(lockPath)) throw new CliError(`--lock ${options.lock}: no such file (expected pipelines/tools.lock).`);
  const lock = parseLock(fs.readFileSync(lockPath, "utf8"), options.lock);
  const downloadable = rows(lock).filter((r) => r.kind !== "agent");
  for (const name of options.only ?? []) {
    if (!downloadable.some((r) => r.name === name)) {
      throw new CliError(`--only ${name}: not a downloaded tool in ${options.lock}; expected one of ${downloadable.map((r) => r.name).join(", ")}.`);
    }
  }
  const selected = downloadable.filter((r) => !options.only?.length || options.only.includes(r.name));
  for (const row of selected) {
    const publisher = PUBLISHERS[row.name];
    if (!publisher) throw new CliError(`${options.lock}: ${row.name} has no publisher entry in tools/tools-pin/publishers.ts (asset names, checksum file, signature); add one before pinning it.`);
    if (publisher.kind !== row.kind) throw new CliError(`${options.lock}: ${row.name} is kind ${row.kind} in the lock but ${publisher.kind} in tools/tools-pin/publishers.ts.`);
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tools-pin-"));
  const ctx: Context = { env: io.env, releaseBase, workDir };
  const outcomes: Outcome[] = [];
  try {
    for (const row of selected) outcomes.push(await pinOne(row, options.latest ?? true, apiBase, ctx));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  const pinned = outcomes.filter((o): o is Extract<Outcome, { status: "pinned" }> => o.status === "pinned");
  if (pinned.length) writeAtomically(lockPath, renderLock(withRows(lock, new Map(pinned.map((p) => [p.name, p.row])))));
  for (const o of outcomes) {
    io.stdout(
      o.status === "pinned"
        ? `pinned   ${o.name} ${o.row.version} sha256:${o.row.sha256} (${o.checks.join("; ")})\n`
        : o.status === "current"
          ? `current  ${o.name}${o.note ? ` (${o.note})` : ""}\n`
          : `FAILED   ${o.name}: ${o.reason}\n`,
    );
  }
  if (options.prBody) fs.writeFileSync(path.resolve(io.cwd, options.prBody), renderPrBody(outcomes));
  const failed = outcomes.filter((o) => o.status === "failed");
  if (failed.length) {
    io.stderr(`tools-pin: ${failed.length} tool(s) not pinned (${failed.map((f) => f.name).join(", ")}); their rows in ${options.lock} are unchanged.\n`);
    return ExitCode.Findings;
  }
  return ExitCode.Ok;
}

async function pinOne(row: LockRow, lookUpLatest: boolean, apiBase: string, ctx: Context): Promise<Outcome> {
  const publisher = PUBLISHERS[row.name];
  let target = row.version;
  let note: string | undefined;
  try {
    if (lookUpLatest) {
      const latest = await latestVersion(apiBase, publisher.repo);
      if (publisher.skipVersions?.includes(latest)) note = `latest ${latest} is on the skip list`;
      else if (semver.valid(row.version) && semver.gt(latest, row.version)) target = latest;
    }
    if (row.sha256 !== PLACEHOLDER && target === row.version) return { name: row.name, status: "current", note };
    if (publisher.skipVersions?.includes(target)) return { name: row.name, status: "failed", reason: `${target} is on the skip list (withdrawn or malicious release)` };
    return publisher.kind === "image" ? pinImage(row, publisher, target, ctx) : await pinFile(row, publisher, target, ctx);
  } catch (err) {
    if (err instanceof DownloadError || err instanceof VerifyError) return { name: row.name, status: "failed", reason: err.message };
    throw err;
  }
}

async function pinFile(row: LockRow, publisher: FilePublisher, version: string, ctx: Context): Promise<Outcome> {
  const base = `${ctx.releaseBase}/${publisher.repo}/releases/download/v${version}`;
  const asset = publisher.asset(version);
  const checksumsName = publisher.checksums(version);
  const dir = fs.mkdtempSync(path.join(ctx.workDir, `${row.name}-`));
  const save = (file: string, bytes: Buffer) => {
    fs.writeFileSync(path.join(dir, file), bytes);
    return path.join(dir, file);
  };
  const assetPath = save(asset, await download(`${base}/${asset}`, `${row.name} ${version} asset`));
  const checksumsPath = save(checksumsName, await download(`${base}/${checksumsName}`, `${row.name} ${version} checksum file`));
  // The hash is taken from the file on disk: the same bytes cosign verifies below.
  const sha = sha256Hex(fs.readFileSync(assetPath));
  crossCheck(asset, sha, fs.readFileSync(checksumsPath), checksumsName);
  const checks = [`SHA-256 matches ${checksumsName}`];
  const sig = publisher.signature;
  if (sig.kind === "sigstore-bundle") {
    const bundle = sig.bundle(asset);
    const bundlePath = save(bundle, await download(`${base}/${bundle}`, `${row.name} ${version} signature bundle`));
    cosignVerifyBlob(ctx.env, `${row.name} ${version} (${asset})`, [assetPath, "--bundle", bundlePath, "--certificate-identity", sig.identity(version), "--certificate-oidc-issuer", sig.issuer]);
    checks.push(`cosign bundle ${bundle}: identity ${sig.identity(version)}, issuer ${sig.issuer}`);
  } else if (sig.kind === "signed-checksums") {
    const signature = sig.signature(checksumsName);
    const certificate = sig.certificate(checksumsName);
    const sigPath = save(signature, await download(`${base}/${signature}`, `${row.name} ${version} checksum signature`));
    const pemPath = save(certificate, await download(`${base}/${certificate}`, `${row.name} ${version} signing certificate`));
    cosignVerifyBlob(ctx.env, `${row.name} ${version} (${checksumsName})`, [checksumsPath, "--certificate", pemPath, "--signature", sigPath, "--certificate-identity", sig.identity(version), "--certificate-oidc-issuer", sig.issuer]);
    checks.push(`cosign signature of ${checksumsName}: identity ${sig.identity(version)}, issuer ${sig.issuer}`);
  } else {
    checks.push("no publisher signature: reviewers confirm");
  }
  const newRow: LockRow = { ...row, version, sha256: sha, source: `${base}/${asset}`, entry: publisher.entry(version), verified: verifiedLabel(sig) };
  return { name: row.name, status: "pinned", row: newRow, before: row, checks, reviewerHint: sig.kind === "none" ? sig.reviewerHint : undefined };
}

function pinImage(row: LockRow, publisher: ImagePublisher, version: string, ctx: Context): Outcome {
  const reference = `${publisher.image}:${publisher.tag(version)}`;
  const digest = sha256Hex(rawManifest(ctx.env, reference));
  const hint = publisher.signature.kind === "none" ? publisher.signature.reviewerHint : undefined;
  const newRow: LockRow = { ...row, version, sha256: digest, source: publisher.image, entry: "-", verified: verifiedLabel(publisher.signature) };
  return { name: row.name, status: "pinned", row: newRow, before: row, checks: [`manifest digest of ${reference} computed over the raw manifest`, "no publisher signature: reviewers confirm"], reviewerHint: hint };
}

/** Whole file or nothing: a temp file beside the lock (same file system), then one rename. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text, { flag: "wx" });
    fs.renameSync(temp, file);
  } catch (err) {
    if (fs.existsSync(temp) && fs.statSync(temp).isFile()) fs.unlinkSync(temp);
    throw new CliError(`could not write ${file} (${(err as Error).message}); it is unchanged and no pin was written. Fix the folder's permissions or remove ${temp}, then run tools-pin again.`);
  }
}

/** Pull request description (Azure DevOps allows 4000 characters): what changed, what was verified, what reviewers confirm. */
export function renderPrBody(outcomes: readonly Outcome[]): string {
  const lines = ["Pins written by tools-pin from verified downloads only.", "", "| tool | version | sha256 | verified |", "|---|---|---|---|"];
  const unsigned: string[] = [];
  for (const o of outcomes) {
    if (o.status !== "pinned") continue;
    const from = o.before.sha256 === PLACEHOLDER ? "TO-PIN" : o.before.version;
    lines.push(`| ${o.name} | ${from} → ${o.row.version} | \`${o.row.sha256}\` | ${o.checks.join("; ")} |`);
    if (o.reviewerHint) unsigned.push(`- [ ] **${o.name} ${o.row.version}** is not signed by its publisher: ${o.reviewerHint}, and confirm \`${o.row.sha256}\`.`);
  }
  if (unsigned.length) lines.push("", "**Reviewers, confirm before approving:**", ...unsigned);
  const failed = outcomes.filter((o): o is Extract<Outcome, { status: "failed" }> => o.status === "failed");
  if (failed.length) lines.push("", "Not pinned (rows unchanged):", ...failed.map((f) => `- ${f.name}: ${f.reason}`));
  const text = lines.join("\n") + "\n";
  return text.length <= 4000 ? text : text.slice(0, 3900) + "\n…(truncated; the run log has every line)\n";
}
