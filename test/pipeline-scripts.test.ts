/**
 * The bash scripts the pipelines run (pipelines/scripts/), executed for real with stub `az`, `curl`,
 * `pulumi`, `trivy`, ... placed first on PATH in a temp folder. Each stub records its arguments and
 * answers from a small bash handler the test writes (canned output, exit codes, state between calls).
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RELEASE_EVENT, RELEASE_EVENT_FIELDS, RESTORE_EVENT, RESTORE_EVENT_FIELDS } from "../infra/platform/release-events";
import { REPO_ROOT } from "./support/reference-files";
import { removeScriptTemps, runScript } from "./support/run-script";

const SCRIPTS = path.join(REPO_ROOT, "pipelines", "scripts");
const STUBBED = ["az", "curl", "pulumi", "trivy", "docker", "syft", "oras", "notation", "k6", "delivery"];
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const RG = "rg-pcpro-prod";
const DIGEST = `sha256:${"a".repeat(64)}`;
const OLD_DIGEST = `sha256:${"b".repeat(64)}`;
const REF_DIGEST = `sha256:${"c".repeat(64)}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Every stub call: [command, ...args]. */
  calls: string[][];
  dir: string;
}

const temps: string[] = [];
afterAll(() => {
  temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  removeScriptTemps();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-scripts-"));
  temps.push(dir);
  return dir;
}

/** Runs a script with the shared stub runner (test/support/run-script.ts), stubbing STUBBED. */
function run(scriptName: string, args: string[], opts: { env?: Record<string, string>; handlers?: Record<string, string>; cwd?: string } = {}): Run {
  const r = runScript(scriptName, args, opts.env ?? {}, opts.handlers ?? {}, STUBBED, opts.cwd);
  return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr, calls: r.argv, dir: r.dir };
}

const joined = (r: Run, cmd = "az") => r.calls.filter((c) => c[0] === cmd).map((c) => c.slice(1).join(" "));
const variable = (r: Run, name: string) => {
  const m = new RegExp(`##vso\\[task\\.setvariable variable=${name};[^\\]]*\\](.*)`).exec(r.stdout);
  return m ? m[1] : undefined;
};

describe("every script: valid bash, strict mode, usage errors exit 2", () => {
  const scripts = fs.readdirSync(SCRIPTS).filter((f) => f.endsWith(".sh") && f !== "lib.sh");
  test.each(scripts)("%s", (name) => {
    const text = fs.readFileSync(path.join(SCRIPTS, name), "utf8");
    expect(text.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(text).toContain('source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"');
    execFileSync("bash", ["-n", path.join(SCRIPTS, name)]);
    const r = run(name, ["--no-such-option"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage:/);
  });
  test("lib.sh turns on errexit, nounset and pipefail", () => {
    expect(fs.readFileSync(path.join(SCRIPTS, "lib.sh"), "utf8")).toContain("set -euo pipefail");
  });
});

describe("install-tool.sh: pinned version and committed SHA-256", () => {
  function fixture(): { archive: string; sha: string; dir: string } {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "trivy"), "#!/bin/sh\necho trivy 0.74.0\n", { mode: 0o755 });
    const archive = path.join(dir, "trivy.tar.gz");
    execFileSync("tar", ["-czf", archive, "-C", dir, "trivy"]);
    return { archive, sha: createHash("sha256").update(fs.readFileSync(archive)).digest("hex"), dir };
  }
  const lockWith = (dir: string, sha: string) => {
    const lock = path.join(dir, "tools.lock");
    fs.writeFileSync(lock, `# test lock\ntrivy 0.74.0 ${sha} tar.gz https://example.invalid/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz trivy\n`);
    return lock;
  };
  const curlServes = (archive: string) => `out=""; while (($#)); do [[ $1 == --output ]] && out=$2; shift; done; cp "${archive}" "$out"`;

  test("installs when the download matches the committed hash and puts the tool on PATH", () => {
    const f = fixture();
    const dest = path.join(f.dir, "tools");
    const r = run("install-tool.sh", ["trivy", "--lock", lockWith(f.dir, f.sha), "--dest", dest], { handlers: { curl: curlServes(f.archive) } });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dest, "trivy"))).toBe(true);
    expect(r.stdout).toContain(`##vso[task.prependpath]${dest}/.`);
    expect(joined(r, "curl")[0]).toContain("https://example.invalid/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz");
  });

  test("refuses a download whose hash differs from the committed one, and installs nothing", () => {
    const f = fixture();
    const dest = path.join(f.dir, "tools");
    const r = run("install-tool.sh", ["trivy", "--lock", lockWith(f.dir, "0".repeat(64)), "--dest", dest], { handlers: { curl: curlServes(f.archive) } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("checksum mismatch");
    expect(fs.existsSync(path.join(dest, "trivy"))).toBe(false);
    expect(r.stdout).not.toContain("prependpath");
  });

  test("refuses a TO-PIN placeholder before downloading anything", () => {
    const f = fixture();
    const r = run("install-tool.sh", ["trivy", "--lock", lockWith(f.dir, "TO-PIN")], { handlers: { curl: curlServes(f.archive) } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("not pinned yet: trivy");
    expect(r.calls).toEqual([]);
  });

  test("the committed lock pins every tool the pipelines install, by version in the URL, and refuses placeholders", () => {
    const lines = fs
      .readFileSync(path.join(REPO_ROOT, "pipelines", "tools.lock"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.trim().startsWith("#"))
      .map((l) => l.trim().split(/\s+/));
    const byName = new Map(lines.map((l) => [l[0], l]));
    for (const tool of ["cosign", "trivy", "syft", "notation", "notation-azure-kv", "k6", "zap", "semgrep"]) expect(byName.has(tool)).toBe(true);
    for (const [name, version, sha, kind, source] of lines) {
      if (kind === "agent") {
        expect({ name, sha, source }).toEqual({ name, sha: "-", source: "ubuntu-24.04" });
        continue;
      }
      expect({ name, sha: /^[0-9a-f]{64}$|^TO-PIN$/.test(sha) }).toEqual({ name, sha: true });
      if (kind !== "image") expect({ name, versioned: source.includes(`v${version}/`) }).toEqual({ name, versioned: true });
    }
    expect(byName.get("trivy")![1]).not.toBe("0.69.4"); // the compromised release
    // the one hash the reference gives (Azure/notation-azure-kv README, v1.2.1 linux amd64)
    expect(byName.get("notation-azure-kv")!.slice(1, 3)).toEqual(["1.2.1", "67c5ccaaf28dd44d2b6572684d84e344a02c2258af1d65ead3910b3156d3eaf5"]);
    const placeholder = run("install-tool.sh", ["--image-ref", "zap"]);
    if (byName.get("zap")![2] === "TO-PIN") expect(placeholder.code).toBe(2);
    else expect(placeholder.stdout.trim()).toBe(`ghcr.io/zaproxy/zaproxy@sha256:${byName.get("zap")![2]}`);
  });
});

describe("semver.sh: version from conventional commits", () => {
  function repo(): { dir: string; commit: (msg: string) => void; git: (...a: string[]) => string } {
    const dir = tempDir();
    const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
    const git = (...a: string[]) => execFileSync("git", ["-C", dir, ...a], { env, encoding: "utf8" });
    git("init", "-q", "-b", "main");
    return { dir, git, commit: (msg) => void git("commit", "-q", "--allow-empty", "-m", msg) };
  }
  const version = (dir: string, ...extra: string[]) => {
    const r = run("semver.sh", ["--repo", dir, ...extra]);
    expect(r.code).toBe(0);
    return r.stdout.trim().split("\n").pop();
  };

  test("fix → patch, feat → minor, breaking → major, since the last v tag; a tagged HEAD keeps its version", () => {
    const { dir, commit, git } = repo();
    commit("chore: initial");
    expect(version(dir, "--branch", "refs/heads/main")).toBe("0.0.1");
    git("tag", "v1.4.2");
    expect(version(dir, "--branch", "refs/heads/main")).toBe("1.4.2");
    commit("fix(api): null check");
    expect(version(dir, "--branch", "refs/heads/main")).toBe("1.4.3");
    commit("feat(ui): new grid");
    commit("docs: readme");
    expect(version(dir, "--branch", "refs/heads/main")).toBe("1.5.0");
    commit("refactor: drop v1 endpoints\n\nBREAKING CHANGE: /api/v1 is gone");
    expect(version(dir, "--branch", "refs/heads/main")).toBe("2.0.0");
    git("tag", "v2.0.0");
    commit("feat!: new auth");
    expect(version(dir, "--branch", "refs/heads/main")).toBe("3.0.0");
  });

  test("other branches get a pre-release suffix; on an agent the version and commit become output variables", () => {
    const { dir, commit, git } = repo();
    commit("chore: initial");
    git("tag", "v0.3.0");
    commit("feat: a");
    commit("fix: b");
    const r = run("semver.sh", ["--repo", dir, "--branch", "refs/heads/feature/Big_Thing"], { env: { TF_BUILD: "True" } });
    expect(r.code).toBe(0);
    expect(variable(r, "IMAGE_VERSION")).toBe("0.4.0-feature-big-thing.2");
    expect(variable(r, "COMMIT_SHA")).toBe(git("rev-parse", "HEAD").trim());
    expect(variable(r, "COMMIT_TIME")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe("scanners fail the build on HIGH/CRITICAL findings", () => {
  test.each([
    [0, 0],
    [2, 1],
    [1, 3],
  ])("trivy exit %i → scan-image.sh exit %i", (trivyExit, expected) => {
    const r = run("scan-image.sh", ["--image", "pinecone-pro:abc", "--report-dir", "reports"], { handlers: { trivy: `exit ${trivyExit}` } });
    expect(r.code).toBe(expected);
    const args = r.calls.find((c) => c[0] === "trivy")!;
    expect(args.slice(1, 3)).toEqual(["image", "--scanners"]);
    expect(args.join(" ")).toContain("--severity HIGH,CRITICAL --exit-code 2");
    expect(args.join(" ")).not.toContain("--ignore-unfixed");
  });

  test("scan-source.sh sca covers vulnerabilities, licences and secrets and fails on findings", () => {
    const src = tempDir();
    const r = run("scan-source.sh", ["sca", "--source", src, "--report-dir", "reports"], { handlers: { trivy: "exit 2" } });
    expect(r.code).toBe(1);
    expect(joined(r, "trivy")[0]).toMatch(/^fs --scanners vuln,license,secret --severity HIGH,CRITICAL --exit-code 2/);
  });
});

describe("ensure-signing-certificate.sh: the signing certificate exists after it, created at most once", () => {
  const args = ["--vault", "kv-pcpro-dev-k3x9", "--certificate", "pinecone-image-signing"];
  // State: the certificate exists once "create" ran (or from the start).
  const az = (exists: boolean, showError = "ERROR: (CertificateNotFound) A certificate with (name/id) pinecone-image-signing was not found in this key vault.") => `
    case "$*" in
      "keyvault certificate show"*) if [[ -f "$STATE/created" || ${exists} == true ]]; then echo "https://kv-pcpro-dev-k3x9.vault.azure.net/certificates/pinecone-image-signing/abc"; else echo ${JSON.stringify(showError)} >&2; exit 3; fi ;;
      "keyvault certificate create"*) cp "\${9#@}" "$STATE/policy.json"; touch "$STATE/created" ;;
    esac`;

  test("missing: created self-signed with a code-signing EKU and a non-exportable key, then read back", () => {
    const r = run("ensure-signing-certificate.sh", args, { handlers: { az: az(false) } });
    expect(r.code).toBe(0);
    const calls = joined(r);
    expect(calls.filter((c) => c.startsWith("keyvault certificate create"))).toHaveLength(1);
    expect(calls[1]).toMatch(/^keyvault certificate create --vault-name kv-pcpro-dev-k3x9 -n pinecone-image-signing -p @/);
    const policy = JSON.parse(fs.readFileSync(path.join(r.dir, "state", "policy.json"), "utf8"));
    expect(policy).toMatchObject({
      issuerParameters: { name: "Self" },
      keyProperties: { exportable: false, keyType: "RSA", keySize: 3072 },
      x509CertificateProperties: { subject: "CN=pinecone-image-signing,O=PineCone Software", keyUsage: ["digitalSignature"], ekus: ["1.3.6.1.5.5.7.3.3"] },
    });
    expect(r.stderr).toContain("created self-signed signing certificate pinecone-image-signing");
  });

  test("present: nothing is created (re-running changes nothing)", () => {
    const r = run("ensure-signing-certificate.sh", args, { handlers: { az: az(true) } });
    expect(r.code).toBe(0);
    expect(joined(r)).toEqual(["keyvault certificate show -n pinecone-image-signing --vault-name kv-pcpro-dev-k3x9 --query id -o tsv"]);
  });

  test("any other failure (no rights, no network) is reported, never answered with a create", () => {
    const r = run("ensure-signing-certificate.sh", args, { handlers: { az: az(false, "ERROR: (Forbidden) Caller is not authorized to perform action on resource.") } });
    expect(r.code).toBe(3);
    expect(joined(r).some((c) => c.startsWith("keyvault certificate create"))).toBe(false);
    expect(r.stdout).toContain("could not read certificate pinecone-image-signing in kv-pcpro-dev-k3x9: ERROR: (Forbidden)");
  });
});

describe("acr-promote.sh: the same digest, imported with its referrers", () => {
  const SOURCE_ID = `/subscriptions/${SUB}/resourceGroups/rg-pcpro-uat/providers/Microsoft.ContainerRegistry/registries/acrpcprouat`;
  const TARGET_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/acrpcproprod`;
  const az = (opts: { existingTag?: string; referrers?: string }) => `
    case "$*" in
      "acr show -n acrpcproprod --query id -o tsv") echo "${TARGET_ID}" ;;
      "acr show -n acrpcproprod --query loginServer -o tsv") echo acrpcproprod.azurecr.io ;;
      "acr show --ids ${SOURCE_ID} --query loginServer -o tsv") echo acrpcprouat.azurecr.io ;;
      "acr import "*) touch "$STATE/imported"; [[ "$*" == *"${REF_DIGEST}"* ]] && touch "$STATE/ref-imported" ;;
      "acr repository show -n acrpcproprod --image pinecone-pro:"*)
        if [[ -f "$STATE/imported" ]]; then echo "${DIGEST}"; elif [[ -n "${opts.existingTag ?? ""}" ]]; then echo "${opts.existingTag ?? ""}"; else echo "not found" >&2; exit 1; fi ;;
      "acr manifest list-referrers acrpcprouat.azurecr.io/"*) printf '%s\\n' ${opts.referrers ?? ""} ;;
      "acr manifest list-referrers acrpcproprod.azurecr.io/"*) [[ -f "$STATE/ref-imported" ]] && printf '%s\\n' ${opts.referrers ?? ""} ;;
    esac`;
  const env = { ACR_NAME: "acrpcproprod", IMAGE_REPOSITORY: "pinecone-pro" };
  const args = ["--source-registry-id", SOURCE_ID, "--digest", DIGEST, "--version", "4.12.0", "--sha", "f".repeat(40)];

  test("imports by digest from the source registry's resource id, tags version and SHA, then copies the signature/SBOM referrers", () => {
    const r = run("acr-promote.sh", args, { env, handlers: { az: az({ referrers: REF_DIGEST }) } });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const imports = joined(r).filter((c) => c.startsWith("acr import"));
    expect(imports[0]).toBe(`acr import -n acrpcproprod --registry ${SOURCE_ID} --source pinecone-pro@${DIGEST} --image pinecone-pro:4.12.0 --image pinecone-pro:${"f".repeat(40)}`);
    expect(imports[1]).toContain(`--source pinecone-pro@${REF_DIGEST} --repository pinecone-pro`);
    expect(r.calls.some((c) => c[0] === "docker")).toBe(false);
    expect(variable(r, "REGISTRY_ID")).toBe(TARGET_ID);
  });

  test("refuses to move a release tag that points at another digest", () => {
    const r = run("acr-promote.sh", args, { env, handlers: { az: az({ existingTag: OLD_DIGEST, referrers: REF_DIGEST }) } });
    expect(r.code).toBe(1);
    expect(joined(r).some((c) => c.startsWith("acr import"))).toBe(false);
  });

  test("an image without referrers (unsigned, no SBOM) is not promoted as complete", () => {
    const r = run("acr-promote.sh", args, { env, handlers: { az: az({}) } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("no Notation signature");
    expect(joined(r).some((c) => c.startsWith("acr import"))).toBe(false);
  });
});

describe("slot swap, ramp and swap-back", () => {
  const env = {
    AZURE_SUBSCRIPTION_ID: SUB,
    AZURE_RESOURCE_GROUP: RG,
    WEBAPP_NAME: "app-pcpro-prod",
    STAGING_SLOT: "staging",
    ACR_NAME: "acrpcproprod",
    IMAGE_REPOSITORY: "pinecone-pro",
    ROLLBACK_ALERT_RULES: "alert-prod-http-5xx alert-prod-health-check",
  };
  const fx = (d: string) => `DOCKER|acrpcproprod.azurecr.io/pinecone-pro@${d}`;
  /** App Service with production and staging images in state files; a swap exchanges them. */
  const webapp = (prod: string, staging: string, opts: { swapFails?: boolean; swapNoop?: boolean } = {}) => `
    [[ -f "$STATE/prod" ]] || { echo '${prod}' > "$STATE/prod"; echo '${staging}' > "$STATE/staging"; }
    case "$*" in
      *"--action swap"*)
        ${opts.swapFails ? "exit 1" : ""}
        ${opts.swapNoop ? "" : 'p=$(<"$STATE/prod"); cp "$STATE/staging" "$STATE/prod"; echo "$p" > "$STATE/staging"'} ;;
      "webapp config show "*"--slot staging --query linuxFxVersion -o tsv") cat "$STATE/staging" ;;
      "webapp config show "*"--query linuxFxVersion -o tsv") cat "$STATE/prod" ;;
      "acr repository show "*"--query tags -o tsv") printf '4.12.0\\t%s\\n' ffff ;;
      "acr repository show-tags "*) printf 'ffff\\t${DIGEST}\\n4.12.0\\t${DIGEST}\\n4.11.0\\t${OLD_DIGEST}\\n' ;;
    esac`;

  test("swap-back after a completed swap: reset pending preview, clear routing, swap, check production runs the previous image", () => {
    const r = run("swap-back.sh", ["--digest", DIGEST], { env, handlers: { az: webapp(fx(DIGEST), fx(OLD_DIGEST)) } });
    expect(r.code).toBe(0);
    const calls = joined(r);
    const reset = calls.findIndex((c) => c.includes("--action reset"));
    const clear = calls.findIndex((c) => c.startsWith("webapp traffic-routing clear"));
    const swap = calls.findIndex((c) => c.includes("--action swap"));
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(clear).toBeGreaterThan(reset);
    expect(swap).toBeGreaterThan(clear);
    expect(calls[swap]).toBe("webapp deployment slot swap -g rg-pcpro-prod -n app-pcpro-prod --slot staging --target-slot production --action swap");
    expect(variable(r, "SWAPPED_BACK")).toBe("true");
    expect(variable(r, "FAILED_VERSION")).toBe("4.12.0");
    expect(fs.readFileSync(path.join(r.dir, "state", "prod"), "utf8").trim()).toBe(fx(OLD_DIGEST));
  });

  test("a release that failed before the swap: only the preview is reset and routing cleared; production is left alone", () => {
    const r = run("swap-back.sh", ["--digest", DIGEST], { env, handlers: { az: webapp(fx(OLD_DIGEST), fx(DIGEST)) } });
    expect(r.code).toBe(0);
    expect(joined(r).some((c) => c.includes("--action swap"))).toBe(false);
    expect(joined(r).some((c) => c.includes("--action reset"))).toBe(true);
    expect(variable(r, "SWAPPED_BACK")).toBe("false");
  });

  test("a swap-back that does not bring the previous image back fails the run", () => {
    const r = run("swap-back.sh", ["--digest", DIGEST], { env, handlers: { az: webapp(fx(DIGEST), fx(OLD_DIGEST), { swapNoop: true }) } });
    expect(r.code).toBe(1);
    expect(variable(r, "SWAPPED_BACK")).toBeUndefined();
  });

  test("without a digest (alert rollback) it refuses when staging holds the same image as production", () => {
    const r = run("swap-back.sh", [], { env, handlers: { az: webapp(fx(DIGEST), fx(DIGEST)) } });
    expect(r.code).toBe(1);
    expect(joined(r).some((c) => c.includes("--action swap"))).toBe(false);
  });

  test("slot-swap.sh: preview cancels a stale preview first; complete clears routing rules before swapping", () => {
    const preview = run("slot-swap.sh", ["preview"], { env, handlers: { az: webapp(fx(DIGEST), fx(OLD_DIGEST)) } });
    expect(preview.code).toBe(0);
    expect(joined(preview).map((c) => c.split(" --action ")[1])).toEqual(["reset", "preview"]);
    const complete = run("slot-swap.sh", ["complete", "--digest", DIGEST], { env, handlers: { az: webapp(fx(OLD_DIGEST), fx(DIGEST)) } });
    expect(complete.code).toBe(0);
    const calls = joined(complete);
    expect(calls.findIndex((c) => c.startsWith("webapp traffic-routing clear"))).toBeLessThan(calls.findIndex((c) => c.includes("--action swap")));
    expect(variable(complete, "SWAPPED_AT")).toMatch(/Z$/);
    const wrong = run("slot-swap.sh", ["complete", "--digest", DIGEST], { env, handlers: { az: webapp(fx(OLD_DIGEST), fx(DIGEST), { swapNoop: true }) } });
    expect(wrong.code).toBe(1);
  });

  const ramp = (ruleHost: string) => `
    case "$*" in
      "webapp show "*"--slot staging --query defaultHostName -o tsv") echo app-pcpro-prod-staging.azurewebsites.net ;;
      "webapp traffic-routing show "*) echo ${ruleHost} ;;
      "rest "*) echo "" ;;
    esac`;
  const rampArgs = (p: string) => ["--percentages", p, "--step-minutes", "1", "--since", "2026-08-21T10:00:00Z", "--health-url", "https://app-pcpro-prod-staging.azurewebsites.net/health"];

  test("traffic-ramp.sh: one routing rule per step, each watched", () => {
    const r = run("traffic-ramp.sh", rampArgs("10 50"), { env, handlers: { az: ramp("app-pcpro-prod-staging.azurewebsites.net"), curl: "echo 200" } });
    expect(r.code).toBe(0);
    expect(joined(r).filter((c) => c.startsWith("webapp traffic-routing set")).map((c) => c.split("--distribution ")[1])).toEqual(["staging=10", "staging=50"]);
  });

  test("traffic-ramp.sh: a rule pointing at the wrong host stops the ramp and clears routing", () => {
    const r = run("traffic-ramp.sh", rampArgs("10 50"), { env, handlers: { az: ramp("staging.azurewebsites.net"), curl: "echo 200" } });
    expect(r.code).toBe(1);
    expect(joined(r).filter((c) => c.startsWith("webapp traffic-routing set"))).toHaveLength(1);
    expect(joined(r).some((c) => c.startsWith("webapp traffic-routing clear"))).toBe(true);
  });

  test("traffic-ramp.sh: percentages must be increasing whole numbers below 100; none means no ramp", () => {
    expect(run("traffic-ramp.sh", rampArgs("50 10"), { env }).code).toBe(2);
    expect(run("traffic-ramp.sh", rampArgs("100"), { env }).code).toBe(2);
    const none = run("traffic-ramp.sh", rampArgs(""), { env });
    expect(none.code).toBe(0);
    expect(none.calls).toEqual([]);
  });

  test("watch-release.sh: a fired alert or two failed health probes fail the release", () => {
    const args = ["--minutes", "3", "--since", "2026-08-21T10:00:00Z", "--health-url", "https://app/health"];
    const quiet = run("watch-release.sh", args, { env, handlers: { az: 'echo ""', curl: "echo 200" } });
    expect(quiet.code).toBe(0);
    expect(joined(quiet).filter((c) => c.startsWith("rest --method get"))).toHaveLength(3);
    expect(joined(quiet)[0]).toContain(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.AlertsManagement/alerts`);
    const alert = run("watch-release.sh", args, { env, handlers: { az: "echo /subscriptions/x/metricalerts/Alert-Prod-Http-5xx", curl: "echo 200" } });
    expect(alert.code).toBe(1);
    // The release's own slot-swap alert (and any other rule not marked triggersRollback) is logged, not acted on.
    const swapAlert = run("watch-release.sh", args, { env, handlers: { az: "echo /subscriptions/x/activitylogalerts/alert-prod-slot-swap", curl: "echo 200" } });
    expect(swapAlert.code).toBe(0);
    expect(swapAlert.stderr).toContain("not rollback-relevant, ignored");
    const unhealthy = run("watch-release.sh", args, { env, handlers: { az: 'echo ""', curl: "echo 503" } });
    expect(unhealthy.code).toBe(1);
    expect(joined(unhealthy, "curl")).toHaveLength(2);
  });

  test("smoke-test.sh retries until the health path answers 200", () => {
    const r = run("smoke-test.sh", ["--url", "https://slot/health", "--attempts", "5"], {
      handlers: { curl: 'n=$(cat "$STATE/n" 2>/dev/null || echo 0); echo $((n+1)) > "$STATE/n"; if ((n < 2)); then echo 503; else echo 200; fi' },
    });
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(3);
    expect(run("smoke-test.sh", ["--url", "https://slot/health", "--attempts", "2"], { handlers: { curl: "echo 500" } }).code).toBe(1);
  });
});

describe("alert-recheck.sh: the unauthenticated webhook is verified through Azure Monitor", () => {
  const ALERT = `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts/6f1c3e2a-9b1d-4c55-8e2f-0a1b2c3d4e5f`;
  const env = (alertId = ALERT) => ({ ALERT_ID: alertId, AZURE_SUBSCRIPTION_ID: SUB, AZURE_RESOURCE_GROUP: RG, ROLLBACK_ALERT_RULES: "alert-prod-http-5xx alert-prod-health-check" });
  const recent = () => new Date(Date.now() - 5 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  const answer = (o: { cond?: string; state?: string; rule?: string; target?: string; start?: string } = {}) =>
    `printf '%s\\t%s\\t%s\\t%s\\t%s\\n' '${o.cond ?? "Fired"}' '${o.state ?? "New"}' '${o.rule ?? `/subscriptions/${SUB}/resourceGroups/${RG}/providers/microsoft.insights/metricAlerts/alert-prod-http-5xx`}' '${o.target ?? `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/sites/app-pcpro-prod`}' '${o.start ?? recent()}'`;

  test("a fired alert of this stack's rules is confirmed", () => {
    const r = run("alert-recheck.sh", [], { env: env(), handlers: { az: answer() } });
    expect(r.code).toBe(0);
    expect(joined(r)[0]).toMatch(new RegExp(`^rest --method get --url https://management.azure.com${ALERT}\\?api-version=2019-03-01 `));
    expect(variable(r, "ALERT_FIRED_AT")).toMatch(/Z$/);
  });

  test.each([
    ["resolved", { cond: "Resolved" }],
    ["closed by an operator", { state: "Closed" }],
    ["a rule of another resource group", { rule: `/subscriptions/${SUB}/resourceGroups/rg-other/providers/microsoft.insights/metricAlerts/x` }],
    ["a target outside the stack", { target: `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Web/sites/x` }],
    ["an old alert", { start: "2020-01-01T00:00:00Z" }],
    ["a rule that does not mean rollback (the slot-swap activity-log alert)", { rule: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/microsoft.insights/activityLogAlerts/alert-prod-slot-swap` }],
  ])("not confirmed: %s", (_, o) => {
    const r = run("alert-recheck.sh", [], { env: env(), handlers: { az: answer(o) } });
    expect(r.code).toBe(1);
  });

  test("an alert Azure Monitor does not know (404) is not confirmed", () => {
    const r = run("alert-recheck.sh", [], { env: env(), handlers: { az: "echo 'Not Found' >&2; exit 3" } });
    expect(r.code).toBe(1);
  });

  test("a malformed or injected alert id is rejected before any call", () => {
    for (const bad of [`${ALERT}$(System.AccessToken)`, "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/1", `${ALERT}/../../other`]) {
      const r = run("alert-recheck.sh", [], { env: env(bad), handlers: { az: answer() } });
      expect(r.code).toBe(2);
      expect(r.calls).toEqual([]);
    }
    const otherSub = run("alert-recheck.sh", [], { env: env(ALERT.replace(SUB, "11111111-2222-3333-4444-555555555555")), handlers: { az: answer() } });
    expect(otherSub.code).toBe(1);
    expect(otherSub.calls).toEqual([]);
  });
});

describe("release-event.sh writes exactly the events the DORA workbook reads", () => {
  const env = { AZURE_RESOURCE_GROUP: RG, APPINSIGHTS_NAME: "appi-pcpro-prod" };
  const az = `
    case "$*" in
      "resource show -g "*) echo /subscriptions/${SUB}/resourceGroups/${RG}/providers/microsoft.insights/components/appi-pcpro-prod ;;
      "resource show --ids "*) echo "InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://x/" ;;
      "account get-access-token "*) echo token-123 ;;
    esac`;
  const curl = `echo '{"itemsReceived":1,"itemsAccepted":1,"errors":[]}'`;
  const body = (r: Run) => {
    const call = r.calls.find((c) => c[0] === "curl")!;
    expect(call).toContain("https://westeurope-5.in.applicationinsights.azure.com/v2.1/track");
    expect(call).toContain("Authorization: Bearer token-123");
    return JSON.parse(call[call.indexOf("--data-binary") + 1])[0];
  };
  const release = ["release", "--environment", "prod", "--version", "4.12.0", "--commit-sha", "f".repeat(40), "--commit-time", "2026-08-20T16:02:11Z", "--image-digest", DIGEST, "--started-at", "2026-08-21T10:00:00Z", "--run-url", "https://dev.azure.com/o/p/_build/results?buildId=1"];

  test("release: PineconeRelease with every field of RELEASE_EVENT_FIELDS, plus a Deployment annotation", () => {
    const r = run("release-event.sh", [...release, "--result", "succeeded"], { env, handlers: { az, curl } });
    expect(r.code).toBe(0);
    const event = body(r);
    expect(event.data.baseData.name).toBe(RELEASE_EVENT);
    expect(Object.keys(event.data.baseData.properties).sort()).toEqual(Object.keys(RELEASE_EVENT_FIELDS).sort());
    expect(event.data.baseData.properties).toMatchObject({ environment: "prod", version: "4.12.0", imageDigest: DIGEST, result: "succeeded", commitTime: "2026-08-20T16:02:11Z" });
    expect(event.iKey).toBe("00000000-1111-2222-3333-444444444444");
    const annotation = joined(r).find((c) => c.startsWith("rest --method put"))!;
    expect(annotation).toContain("/Annotations?api-version=2015-05-01");
    expect(annotation).toContain('"Category":"Deployment"');
  });

  test("--result auto: a failed job whose swap-back succeeded is recorded as rolled-back", () => {
    const r = run("release-event.sh", [...release, "--result", "auto"], { env: { ...env, AGENT_JOBSTATUS: "Failed", SWAPPED_BACK: "true" }, handlers: { az, curl } });
    expect(body(r).data.baseData.properties.result).toBe("rolled-back");
    const ok = run("release-event.sh", [...release, "--result", "auto"], { env: { ...env, AGENT_JOBSTATUS: "Succeeded" }, handlers: { az, curl } });
    expect(body(ok).data.baseData.properties.result).toBe("succeeded");
  });

  test("restore: PineconeRestore with every field of RESTORE_EVENT_FIELDS", () => {
    const args = ["restore", "--environment", "prod", "--version", "4.12.0", "--detected-at", "2026-08-21T10:20:00Z", "--restored-at", "2026-08-21T10:24:00Z", "--trigger", "alert-webhook", "--run-url", "https://x/1"];
    const r = run("release-event.sh", args, { env, handlers: { az, curl } });
    expect(r.code).toBe(0);
    const event = body(r);
    expect(event.data.baseData.name).toBe(RESTORE_EVENT);
    expect(Object.keys(event.data.baseData.properties).sort()).toEqual(Object.keys(RESTORE_EVENT_FIELDS).sort());
    expect(event.data.baseData.properties.trigger).toBe("alert-webhook");
  });

  test("values outside the contract are usage errors; a refused event is a tool failure", () => {
    expect(run("release-event.sh", [...release, "--result", "great"], { env, handlers: { az, curl } }).code).toBe(2);
    expect(run("release-event.sh", [...release.slice(0, 9), "--result", "failed"], { env, handlers: { az, curl } }).code).toBe(2);
    expect(run("release-event.sh", [...release, "--result", "failed"], { env, handlers: { az, curl: `echo '{"itemsAccepted":0}'` } }).code).toBe(3);
  });
});

describe("pulumi-run.sh: OIDC for the providers, backend chosen by PULUMI_BACKEND", () => {
  const base = { idToken: "oidc-token", servicePrincipalId: "client-1", tenantId: "tenant-1" };
  const az = `echo ${SUB}`;
  const pulumi = `if [[ $1 != login ]]; then env | grep -E '^(ARM_|AZURE_KEYVAULT|PULUMI_SKIP)' | sort > "$STATE/env"; fi`;

  test("azblob: logs into the container with the az session, providers get ARM_USE_OIDC and the federated token", () => {
    const r = run("pulumi-run.sh", ["preview", "--stack", "qa", "--out-dir", "out"], {
      env: { ...base, PULUMI_BACKEND: "azblob", PULUMI_STATE_STORAGE_ACCOUNT: "stpulumi", PULUMI_STATE_CONTAINER: "state", DELIVERY_CLI: "delivery" },
      handlers: { az, pulumi, delivery: "true" },
    });
    expect(r.code).toBe(0);
    const calls = joined(r, "pulumi");
    expect(calls[0]).toBe("login azblob://state?storage_account=stpulumi");
    expect(calls[1]).toMatch(
      /^preview --stack qa --non-interactive --event-log \S+\/out\/events.jsonl --policy-pack policy --policy-pack-config \S+\/out\/policy-config.json --save-plan \S+\/out\/plan.json --json$/,
    );
    // The pack's config comes from the stack file, written before Pulumi runs.
    expect(joined(r, "delivery")).toEqual([
      expect.stringMatching(/^policy-config qa --out \S+\/out\/policy-config.json$/),
      expect.stringMatching(/^policy-config qa --exemptions-markdown --out \S+\/out\/policy-exemptions.md$/),
    ]);
    const env = fs.readFileSync(path.join(r.dir, "state", "env"), "utf8");
    for (const line of ["ARM_USE_OIDC=true", "ARM_OIDC_TOKEN=oidc-token", "ARM_CLIENT_ID=client-1", "ARM_TENANT_ID=tenant-1", `ARM_SUBSCRIPTION_ID=${SUB}`, "AZURE_KEYVAULT_AUTH_VIA_CLI=true"]) {
      expect(env).toContain(line);
    }
  });

  test("cloud: needs the PULUMI_ACCESS_TOKEN secret (an unexpanded macro counts as missing); up runs with --refresh", () => {
    const missing = run("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out"], { env: { ...base, PULUMI_BACKEND: "cloud", PULUMI_ACCESS_TOKEN: "$(PULUMI_ACCESS_TOKEN)", DELIVERY_CLI: "delivery" }, handlers: { az, pulumi, delivery: "true" } });
    expect(missing.code).toBe(2);
    expect(joined(missing, "pulumi")).toEqual([]);
    const r = run("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out"], {
      env: { ...base, ...upEnv, PULUMI_BACKEND: "cloud", PULUMI_ACCESS_TOKEN: "pul-123", PULUMI_ORGANIZATION: "pinecone", DELIVERY_CLI: "delivery" },
      handlers: { az, pulumi, delivery: bridge },
    });
    expect(r.code).toBe(0);
    const calls = joined(r, "pulumi");
    expect(calls[0]).toBe("login https://api.pulumi.com");
    expect(calls[1]).toMatch(/^up --stack pinecone\/prod --non-interactive --event-log \S+ --policy-pack policy --policy-pack-config \S+ --refresh --yes/);
  });

  const upEnv = { SYSTEM_ACCESSTOKEN: "job-token", SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/o/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "sc-1" };
  /** `delivery oidc-bridge --port-file F` stub: records its env, "listens" on 4567 until killed. */
  const bridge = `if [[ $1 == oidc-bridge ]]; then env | grep -E '^(OIDC_BRIDGE_TOKEN|SYSTEM_)' | sort > "$STATE/bridge-env"; echo 4567 > "$3"; exec sleep 30; fi`;

  test("up: the providers fetch fresh assertions through the bridge; only the bridge holds the job token; no one-time token", () => {
    const record = `if [[ $1 == up ]]; then env | grep -E '^(ARM_|ACTIONS_|SYSTEM_ACCESSTOKEN|OIDC_BRIDGE)' | sort > "$STATE/env"; fi`;
    const missing = run("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out"], {
      env: { ...base, PULUMI_BACKEND: "azblob", PULUMI_STATE_STORAGE_ACCOUNT: "s", PULUMI_STATE_CONTAINER: "c", DELIVERY_CLI: "delivery" },
      handlers: { az, pulumi: record, delivery: bridge },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("SYSTEM_ACCESSTOKEN");
    const r = run("pulumi-run.sh", ["up", "--stack", "prod", "--out-dir", "out"], {
      env: { ...base, ...upEnv, PULUMI_BACKEND: "azblob", PULUMI_STATE_STORAGE_ACCOUNT: "s", PULUMI_STATE_CONTAINER: "c", DELIVERY_CLI: "delivery" },
      handlers: { az, pulumi: record, delivery: bridge },
    });
    expect(r.code).toBe(0);
    const env = Object.fromEntries(fs.readFileSync(path.join(r.dir, "state", "env"), "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    const local = env.ARM_OIDC_REQUEST_TOKEN;
    expect(local).toMatch(/^[0-9a-f]{64}$/);
    expect(env).toEqual({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "client-1",
      ARM_TENANT_ID: "tenant-1",
      ARM_SUBSCRIPTION_ID: SUB,
      ARM_OIDC_REQUEST_URL: "http://127.0.0.1:4567/oidc",
      ARM_OIDC_REQUEST_TOKEN: local,
      ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:4567/oidc",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: local,
      ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: "sc-1",
    });
    const bridgeEnv = fs.readFileSync(path.join(r.dir, "state", "bridge-env"), "utf8");
    expect(bridgeEnv).toContain(`OIDC_BRIDGE_TOKEN=${local}`);
    expect(bridgeEnv).toContain("SYSTEM_ACCESSTOKEN=job-token");
  });

  test("an unknown backend or a failed pulumi run fails clearly", () => {
    expect(run("pulumi-run.sh", ["preview", "--stack", "qa", "--out-dir", "o"], { env: { ...base, PULUMI_BACKEND: "s3" }, handlers: { az, pulumi } }).code).toBe(2);
    const failed = run("pulumi-run.sh", ["refresh-preview", "--stack", "qa", "--out-dir", "o"], {
      env: { ...base, PULUMI_BACKEND: "azblob", PULUMI_STATE_STORAGE_ACCOUNT: "s", PULUMI_STATE_CONTAINER: "c", DELIVERY_CLI: "delivery" },
      handlers: { az, pulumi: "[[ $1 == login ]] || exit 255", delivery: "true" },
    });
    expect(failed.code).toBe(3);
    expect(joined(failed, "pulumi")[1]).toContain("--refresh --json");
  });
});

describe("drift-gate.sh and preview-thread.sh drive the delivery report commands", () => {
  const ado = { SYSTEM_COLLECTIONURI: "https://dev.azure.com/pinecone-software/", SYSTEM_TEAMPROJECT: "PineCone Pro", SYSTEM_ACCESSTOKEN: "t", RUN_URL: "https://x/run/7" };

  test.each([
    [0, 0],
    [1, 1],
  ])("drift-report exit %i → work item updated either way, gate exit %i", (driftExit, expected) => {
    const dir = tempDir();
    const preview = path.join(dir, "preview.json");
    fs.writeFileSync(preview, "{}");
    const r = run("drift-gate.sh", ["--stack", "prod", "--preview", preview, "--out-dir", "drift"], {
      env: { ...ado, DELIVERY_CLI: "delivery" },
      handlers: { delivery: `[[ $1 == drift-report ]] && exit ${driftExit}` },
    });
    expect(r.code).toBe(expected);
    const calls = joined(r, "delivery");
    expect(calls[0]).toMatch(new RegExp(`^drift-report --stack prod=${preview} --json --out `));
    expect(calls.find((c) => c.startsWith("work-item"))).toMatch(/--stack prod --report \S+drift.json --run-url https:\/\/x\/run\/7/);
  });

  test("preview-thread.sh: one report over every stack's preview; the PR thread only in Azure Repos PR runs", () => {
    const artifacts = tempDir();
    for (const s of ["dev", "prod"]) {
      fs.mkdirSync(path.join(artifacts, `preview-${s}`));
      fs.writeFileSync(path.join(artifacts, `preview-${s}`, "preview.json"), "{}");
    }
    const ci = run("preview-thread.sh", ["--artifacts", artifacts, "--out", "report.md"], { env: { DELIVERY_CLI: "delivery", BUILD_REASON: "IndividualCI" } });
    expect(ci.code).toBe(0);
    expect(joined(ci, "delivery")).toHaveLength(1);
    expect(joined(ci, "delivery")[0]).toMatch(/^preview-report --stack dev=\S+preview-dev\/preview.json --stack prod=\S+ --out report.md$/);
    const pr = run("preview-thread.sh", ["--artifacts", artifacts, "--out", "report.md"], {
      env: { ...ado, DELIVERY_CLI: "delivery", BUILD_REASON: "PullRequest", BUILD_REPOSITORY_PROVIDER: "TfsGit", BUILD_REPOSITORY_ID: "repo-1", SYSTEM_PULLREQUEST_PULLREQUESTID: "17" },
    });
    expect(pr.code).toBe(0);
    expect(joined(pr, "delivery")[1]).toBe(`pr-thread --collection-url ${ado.SYSTEM_COLLECTIONURI} --project PineCone Pro --repository repo-1 --pull-request 17 --body-file report.md`);
  });

  test("preview-thread.sh: prefers the event log (it carries policy violations) and appends each stack's exemptions", () => {
    const artifacts = tempDir();
    fs.mkdirSync(path.join(artifacts, "preview-prod"));
    fs.writeFileSync(path.join(artifacts, "preview-prod", "preview.json"), "{}");
    fs.writeFileSync(path.join(artifacts, "preview-prod", "events.jsonl"), "{}\n");
    fs.writeFileSync(path.join(artifacts, "preview-prod", "policy-exemptions.md"), "#### Policy exemptions (prod)\n\n| EX-1 |\n");
    const r = run("preview-thread.sh", ["--artifacts", artifacts, "--out", "report.md"], {
      env: { DELIVERY_CLI: "delivery", BUILD_REASON: "IndividualCI" },
      handlers: { delivery: `printf '# report\\n' > report.md` },
    });
    expect(r.code).toBe(0);
    expect(joined(r, "delivery")[0]).toMatch(/^preview-report --stack prod=\S+preview-prod\/events.jsonl --out report.md$/);
    expect(fs.readFileSync(path.join(r.dir, "report.md"), "utf8")).toBe("# report\n\n#### Policy exemptions (prod)\n\n| EX-1 |\n");
  });
});

describe("db-migrate.sh: no verified backup, no migration", () => {
  const CONN = "Server=tcp:sql-pcpro-prod.database.windows.net,1433;Initial Catalog=erp;Authentication=Active Directory Default;";
  // The stub answers `sql server list` only for the stack's resource group, as Azure does for an
  // identity whose roles stop at that group.
  const az = (status: string) => `
    case "$*" in
      "sql server list -g ${RG} "*) echo sql-pcpro-prod ;;
      "sql server list "*) echo "" ;;
      "sql db show "*) echo ${status} ;;
    esac`;
  const env = { ERP_CONNECTION_STRING: CONN, AZURE_RESOURCE_GROUP: RG };
  function bundle(): { file: string; marker: string } {
    const dir = tempDir();
    const marker = path.join(dir, "migrated");
    const file = path.join(dir, "efbundle");
    fs.writeFileSync(file, `#!/bin/sh\necho "$@" > "${marker}"\n`, { mode: 0o755 });
    return { file, marker };
  }

  test("looks the server up in the stack's resource group only, copies the database, checks the copy is Online, then migrates", () => {
    const b = bundle();
    const r = run("db-migrate.sh", ["--bundle", b.file, "--version", "4.12.0"], { env, handlers: { az: az("Online") } });
    expect(r.code).toBe(0);
    const calls = joined(r);
    expect(calls[0]).toBe(`sql server list -g ${RG} --query [?name=='sql-pcpro-prod'].name | [0] -o tsv`);
    expect(calls[1]).toMatch(new RegExp(`^sql db copy -g ${RG} -s sql-pcpro-prod -n erp --dest-name erp-pre-4-12-0-\\d{14}$`));
    expect(calls[2]).toMatch(new RegExp(`^sql db show -g ${RG} -s sql-pcpro-prod -n erp-pre-4-12-0-\\d{14} --query status -o tsv$`));
    expect(calls).toHaveLength(3);
    expect(fs.readFileSync(b.marker, "utf8")).toContain(`--connection ${CONN}`);
  });

  test("a server outside the stack's resource group fails clearly (exit 1), naming server and group, before any copy", () => {
    const b = bundle();
    const r = run("db-migrate.sh", ["--bundle", b.file, "--version", "4.12.0"], {
      env: { ...env, AZURE_RESOURCE_GROUP: "rg-pcpro-other" },
      handlers: { az: az("Online") },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SQL server sql-pcpro-prod (from the connection string ConnectionStrings--Erp) is not in resource group rg-pcpro-other (AZURE_RESOURCE_GROUP from the settings variable group)");
    expect(joined(r)).toEqual(["sql server list -g rg-pcpro-other --query [?name=='sql-pcpro-prod'].name | [0] -o tsv"]);
    expect(fs.existsSync(b.marker)).toBe(false);
  });

  test("without AZURE_RESOURCE_GROUP it is a usage error (exit 2) and calls nothing", () => {
    const b = bundle();
    const r = run("db-migrate.sh", ["--bundle", b.file, "--version", "4.12.0"], { env: { ERP_CONNECTION_STRING: CONN }, handlers: { az: az("Online") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing environment variable(s): AZURE_RESOURCE_GROUP");
    expect(r.calls).toEqual([]);
  });

  test("a copy that is not Online stops the release before any migration", () => {
    const b = bundle();
    const r = run("db-migrate.sh", ["--bundle", b.file, "--version", "4.12.0"], { env, handlers: { az: az("Copying") } });
    expect(r.code).toBe(1);
    expect(fs.existsSync(b.marker)).toBe(false);
    const failedCopy = run("db-migrate.sh", ["--bundle", b.file, "--version", "4.12.0"], { env, handlers: { az: '[[ "$*" == "sql db copy"* ]] && exit 1; echo sql-pcpro-prod' } });
    expect(failedCopy.code).toBe(1);
    expect(fs.existsSync(b.marker)).toBe(false);
  });
});

describe("cost-estimates.sh and prices-refresh-pr.sh (real git, stub delivery/curl)", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" }).trim();
  /** A repository whose HEAD ("the PR's merge commit") has a first parent ("the target branch"). */
  function repoWithParent(): { dir: string; base: string; head: string } {
    const dir = tempDir();
    git(dir, "init", "-q");
    fs.writeFileSync(path.join(dir, "a.txt"), "base\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    const base = git(dir, "rev-parse", "HEAD");
    fs.writeFileSync(path.join(dir, "a.txt"), "pr\n");
    git(dir, "commit", "-q", "-am", "pr");
    return { dir, base, head: git(dir, "rev-parse", "HEAD") };
  }
  const env = { DELIVERY_CLI: "delivery", DELIVERY_BASE_CLI: "delivery", COST_BASE_INSTALL: "true" };
  // The stub answers with the commit it was run on, so each file proves which checkout it priced.
  const estimate = `printf '{"head":"%s"}' "$(git rev-parse HEAD)"`;

  test("cost-estimates.sh: the PR checkout and a worktree of its first parent, each priced by delivery cost --all --json", () => {
    const repo = repoWithParent();
    const r = run("cost-estimates.sh", ["--out-dir", "cost"], { cwd: repo.dir, env, handlers: { delivery: estimate } });
    expect(r.code).toBe(0);
    expect(joined(r, "delivery")).toEqual(["cost --all --json", "cost --all --json"]);
    expect(JSON.parse(fs.readFileSync(path.join(repo.dir, "cost", "cost-after.json"), "utf8"))).toEqual({ head: repo.head });
    expect(JSON.parse(fs.readFileSync(path.join(repo.dir, "cost", "cost-before.json"), "utf8"))).toEqual({ head: repo.base });
    expect(git(repo.dir, "worktree", "list").split("\n")).toHaveLength(1); // the base worktree is removed
  });

  test("cost-estimates.sh: a target branch without delivery cost, or no parent commit, is a warning and the PR's estimate stays", () => {
    const repo = repoWithParent();
    const failsOnBase = `[[ $(git rev-parse HEAD) == ${repo.base} ]] && exit 2\n${estimate}`;
    const r = run("cost-estimates.sh", ["--out-dir", "cost"], { cwd: repo.dir, env, handlers: { delivery: failsOnBase } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`##vso[task.logissue type=warning]delivery cost failed on the target branch (${repo.base}): the report shows this PR's cost only`);
    expect(fs.existsSync(path.join(repo.dir, "cost", "cost-before.json"))).toBe(false);
    expect(fs.existsSync(path.join(repo.dir, "cost", "cost-after.json"))).toBe(true);
    const single = tempDir();
    git(single, "init", "-q");
    git(single, "commit", "-q", "--allow-empty", "-m", "only");
    const lone = run("cost-estimates.sh", ["--out-dir", "cost"], { cwd: single, env, handlers: { delivery: estimate } });
    expect(lone.code).toBe(0);
    expect(lone.stdout).toContain("no commit HEAD^1 to estimate the target branch from");
  });

  test("preview-thread.sh passes the estimates to preview-report when cost-estimates.sh wrote them", () => {
    const artifacts = tempDir();
    fs.mkdirSync(path.join(artifacts, "preview-prod"));
    fs.writeFileSync(path.join(artifacts, "preview-prod", "preview.json"), "{}");
    const cost = tempDir();
    fs.writeFileSync(path.join(cost, "cost-after.json"), "{}");
    const afterOnly = run("preview-thread.sh", ["--artifacts", artifacts, "--out", "report.md", "--cost-dir", cost], { env: { DELIVERY_CLI: "delivery", BUILD_REASON: "IndividualCI" } });
    expect(joined(afterOnly, "delivery")[0]).toBe(`preview-report --stack prod=${artifacts}/preview-prod/preview.json --cost-after ${cost}/cost-after.json --out report.md`);
    fs.writeFileSync(path.join(cost, "cost-before.json"), "{}");
    const both = run("preview-thread.sh", ["--artifacts", artifacts, "--out", "report.md", "--cost-dir", cost], { env: { DELIVERY_CLI: "delivery", BUILD_REASON: "IndividualCI" } });
    expect(joined(both, "delivery")[0]).toBe(
      `preview-report --stack prod=${artifacts}/preview-prod/preview.json --cost-before ${cost}/cost-before.json --cost-after ${cost}/cost-after.json --out report.md`,
    );
  });

  const adoEnv = { SYSTEM_COLLECTIONURI: "https://dev.azure.com/pinecone-software/", SYSTEM_TEAMPROJECT: "PineCone Pro", BUILD_REPOSITORY_ID: "repo-1", SYSTEM_ACCESSTOKEN: "job-token-secret", DELIVERY_CLI: "delivery" };
  function clone(): { origin: string; work: string } {
    const origin = tempDir();
    git(origin, "init", "-q", "--bare");
    const work = tempDir();
    git(work, "clone", "-q", origin, ".");
    fs.mkdirSync(path.join(work, "prices"));
    fs.writeFileSync(path.join(work, "prices", "retail-prices.json"), '{"date":"2026-12-06"}\n');
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "snapshot");
    git(work, "push", "-q", "origin", "HEAD:refs/heads/main");
    return { origin, work };
  }

  test("prices-refresh-pr.sh: a changed snapshot is pushed on a dated branch and a pull request into the target is opened", () => {
    const { origin, work } = clone();
    const r = run("prices-refresh-pr.sh", ["--target", "refs/heads/main"], {
      cwd: work,
      env: adoEnv,
      handlers: { delivery: `printf '{"date":"2026-12-13"}\\n' > prices/retail-prices.json` },
    });
    expect(r.stderr).toContain("pull request opened");
    expect(r.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(joined(r, "delivery")).toEqual(["prices --refresh"]);
    expect(git(origin, "for-each-ref", "--format=%(refname)")).toContain(`refs/heads/prices/refresh-${today}`);
    expect(git(origin, "show", `prices/refresh-${today}:prices/retail-prices.json`)).toBe('{"date":"2026-12-13"}');
    const [call] = r.calls.filter((c) => c[0] === "curl");
    expect(call[call.length - 1]).toBe("https://dev.azure.com/pinecone-software/PineCone%20Pro/_apis/git/repositories/repo-1/pullrequests?api-version=7.1");
    const body = JSON.parse(call[call.indexOf("--data") + 1]);
    expect(body).toMatchObject({ sourceRefName: `refs/heads/prices/refresh-${today}`, targetRefName: "refs/heads/main", title: `Price snapshot refresh ${today}` });
    expect(call.join(" ")).not.toContain("job-token-secret"); // the token reaches curl through a file descriptor
  });

  test("prices-refresh-pr.sh: unchanged prices push nothing; a failed refresh is exit 3", () => {
    const { origin, work } = clone();
    const same = run("prices-refresh-pr.sh", ["--target", "refs/heads/main"], { cwd: work, env: adoEnv });
    expect(same.code).toBe(0);
    expect(same.stderr).toContain("prices unchanged: no pull request");
    expect(joined(same, "curl")).toEqual([]);
    expect(git(origin, "for-each-ref", "--format=%(refname)")).toBe("refs/heads/main");
    const failed = run("prices-refresh-pr.sh", ["--target", "refs/heads/main"], { cwd: work, env: adoEnv, handlers: { delivery: "exit 2" } });
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain("delivery prices --refresh failed; the snapshot is unchanged");
  });
});
