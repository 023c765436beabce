import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { CliError } from "../errors";

/** A check that failed: the asset is not trusted and its pin is not written. */
export class VerifyError extends Error {}

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** "<hex>  <file>" lines (goreleaser, sha256sum; a leading "*" marks binary mode) → file → hex. */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (m) out.set(m[2], m[1].toLowerCase());
  }
  return out;
}

/** The asset's SHA-256 must be the one its release's checksum file lists for that exact file name. */
export function crossCheck(asset: string, sha: string, checksums: Buffer, checksumsName: string): void {
  const listed = parseChecksums(checksums.toString("utf8")).get(asset);
  if (!listed) throw new VerifyError(`${checksumsName} does not list ${asset}: refusing an asset its own release does not vouch for`);
  if (listed !== sha) throw new VerifyError(`${asset} has SHA-256 ${sha} but ${checksumsName} lists ${listed}: the download was altered or the release is inconsistent`);
}

/**
 * Runs `cosign verify-blob` with the exact certificate identity and OIDC issuer; any non-zero exit
 * is a failed verification. cosign missing is bad input for the whole run (nothing is pinned).
 */
export function cosignVerifyBlob(env: NodeJS.ProcessEnv, what: string, args: readonly string[]): void {
  const result = spawnSync(env.COSIGN ?? "cosign", ["verify-blob", ...args], { env, encoding: "utf8", timeout: 300_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new CliError(`cosign is not on PATH (or $COSIGN): tools-pin verifies ${what} with cosign verify-blob and writes no pin without it. Install cosign 3.x (pinned in pipelines/tools.lock; on a workstation from a verified package) and run again.`);
  }
  if (result.status !== 0) {
    const detail = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-3).join(" | ");
    throw new VerifyError(`signature of ${what} did not verify (cosign exit ${result.status ?? "signal"}): ${detail || "no output"}`);
  }
}

/** Raw manifest (an image index for multi-platform images) of image:tag, via skopeo from the agent image. */
export function rawManifest(env: NodeJS.ProcessEnv, reference: string): Buffer {
  const result = spawnSync(env.SKOPEO ?? "skopeo", ["inspect", "--raw", `docker://${reference}`], { env, timeout: 300_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new CliError(`skopeo is not on PATH (or $SKOPEO): tools-pin reads image manifests with skopeo inspect --raw (on the ubuntu-24.04 agent image; on a workstation install it from your package manager).`);
  }
  if (result.status !== 0) throw new VerifyError(`skopeo inspect --raw docker://${reference} failed (exit ${result.status}): ${String(result.stderr).trim().slice(0, 300)}`);
  let manifest: { schemaVersion?: unknown };
  try {
    manifest = JSON.parse(result.stdout.toString("utf8"));
  } catch {
    throw new VerifyError(`the manifest of ${reference} is not JSON`);
  }
  if (manifest.schemaVersion !== 2) throw new VerifyError(`the manifest of ${reference} has schemaVersion ${JSON.stringify(manifest.schemaVersion)}, expected 2`);
  return result.stdout;
}
