/**
 * `delivery tools-pin` against a loopback fake release server (test/support/fake-release-server.ts),
 * with a fake `cosign` on PATH. The fake accepts a signature only if the signature file says
 * "signed:<sha256 of the blob> by <identity>" AND it was called with an identity/issuer pair the test
 * lists as trusted: so it proves the exact --certificate-identity/--certificate-oidc-issuer
 * arguments, and a signature over other bytes fails. The SHA-256 and checksum-file checks are real.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../tools/cli";
import { parseLock, renderLock, rows } from "../tools/tools-pin/lock-file";
import { PUBLISHERS } from "../tools/tools-pin/publishers";
import { captureIo } from "./support/capture-io";
import { FakeReleaseServer } from "./support/fake-release-server";
import { REPO_ROOT } from "./support/reference-files";

const GHA = "https://token.actions.githubusercontent.com";
const TRIVY_ID = (v: string) => `https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v${v}`;
const SYFT_ID = "https://github.com/anchore/syft/.github/workflows/release.yaml@refs/heads/main";
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

const HEADER = `# test lock
# name  version  sha256  kind  source  entry  verified
`;
const ROWS = {
  pulumi: "pulumi 3.259.0 - agent ubuntu-24.04 - -",
  trivy: "trivy 0.74.0 TO-PIN tar.gz https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz trivy -",
  syft: "syft 1.51.0 TO-PIN tar.gz https://github.com/anchore/syft/releases/download/v1.51.0/syft_1.51.0_linux_amd64.tar.gz syft -",
  notation: "notation 1.3.2 TO-PIN tar.gz https://github.com/notaryproject/notation/releases/download/v1.3.2/notation_1.3.2_linux_amd64.tar.gz notation -",
  zap: "zap 2.16.1 TO-PIN image ghcr.io/zaproxy/zaproxy - -",
};

const FAKE_COSIGN = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_COSIGN_LOG"
[[ $1 == verify-blob ]] || { echo "fake cosign: expected verify-blob, got $1" >&2; exit 90; }
blob=$2; shift 2
sigfile="" id="" iss=""
while (($#)); do
  case $1 in
    --bundle|--signature) sigfile=$2 ;;
    --certificate) ;;
    --certificate-identity) id=$2 ;;
    --certificate-oidc-issuer) iss=$2 ;;
    *) echo "fake cosign: unexpected argument $1" >&2; exit 92 ;;
  esac
  shift 2
done
grep -qxF "$id $iss" "$FAKE_COSIGN_TRUSTED" || { echo "fake cosign: untrusted identity '$id' issuer '$iss'" >&2; exit 91; }
[[ $(cat "$sigfile") == "signed:$(sha256sum "$blob" | cut -d' ' -f1) by $id" ]] || { echo "Error: none of the signatures verified" >&2; exit 1; }
`;
const FAKE_SKOPEO = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_SKOPEO_LOG"
[[ $1 == inspect && $2 == --raw ]] || exit 93
f="$FAKE_SKOPEO_DIR/$(printf '%s' "\${3#docker://}" | tr '/:' '__').json"
[[ -f $f ]] || { echo "manifest unknown" >&2; exit 1; }
cat "$f"
`;

interface World {
  dir: string;
  lock: string;
  server: FakeReleaseServer;
  env: NodeJS.ProcessEnv;
  cosignCalls: () => string[];
}

const temps: string[] = [];
const servers: FakeReleaseServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

/** A release as its publisher lays it out; `sign` writes the fake signature a good release carries. */
function publish(server: FakeReleaseServer, repo: string, version: string, files: Record<string, Buffer | string>) {
  for (const [name, body] of Object.entries(files)) server.file(`/${repo}/releases/download/v${version}/${name}`, body);
}
const signed = (bytes: Buffer | string, identity: string) => `signed:${sha(bytes)} by ${identity}`;
const checksums = (entries: Record<string, Buffer | string>) =>
  Object.entries(entries)
    .map(([name, body]) => `${sha(body)}  ${name}`)
    .join("\n") + "\n";

const TRIVY = Buffer.from("trivy 0.74.0 archive bytes");
const SYFT = Buffer.from("syft 1.51.0 archive bytes");
const NOTATION = Buffer.from("notation 1.3.2 archive bytes");
const ZAP_MANIFEST = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}';

/** A server publishing good trivy 0.74.0 (bundle), syft 1.51.0 (signed checksums), notation 1.3.2 (unsigned). */
function goodReleases(server: FakeReleaseServer) {
  const trivyAsset = "trivy_0.74.0_Linux-64bit.tar.gz";
  publish(server, "aquasecurity/trivy", "0.74.0", {
    [trivyAsset]: TRIVY,
    "trivy_0.74.0_checksums.txt": checksums({ [trivyAsset]: TRIVY, "trivy_0.74.0_Linux-ARM64.tar.gz": "other" }),
    [`${trivyAsset}.sigstore.json`]: signed(TRIVY, TRIVY_ID("0.74.0")),
  });
  const syftSums = checksums({ "syft_1.51.0_linux_amd64.tar.gz": SYFT });
  publish(server, "anchore/syft", "1.51.0", {
    "syft_1.51.0_linux_amd64.tar.gz": SYFT,
    "syft_1.51.0_checksums.txt": syftSums,
    "syft_1.51.0_checksums.txt.sig": signed(syftSums, SYFT_ID),
    "syft_1.51.0_checksums.txt.pem": "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n",
  });
  publish(server, "notaryproject/notation", "1.3.2", {
    "notation_1.3.2_linux_amd64.tar.gz": NOTATION,
    "notation_1.3.2_checksums.txt": checksums({ "notation_1.3.2_linux_amd64.tar.gz": NOTATION }),
  });
}

async function world(lockRows: string[], setUp: (server: FakeReleaseServer) => void = goodReleases): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tools-pin-"));
  temps.push(dir);
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "cosign"), FAKE_COSIGN, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "skopeo"), FAKE_SKOPEO, { mode: 0o755 });
  fs.mkdirSync(path.join(dir, "manifests"));
  fs.writeFileSync(path.join(dir, "manifests", "ghcr.io_zaproxy_zaproxy_2.16.1.json"), ZAP_MANIFEST);
  fs.writeFileSync(path.join(dir, "trusted"), `${TRIVY_ID("0.74.0")} ${GHA}\n${TRIVY_ID("0.75.0")} ${GHA}\n${SYFT_ID} ${GHA}\n`);
  const lock = path.join(dir, "tools.lock");
  fs.writeFileSync(lock, renderLock(parseLock(HEADER + lockRows.join("\n") + "\n", "tools.lock")));
  const server = await new FakeReleaseServer().start();
  servers.push(server);
  setUp(server);
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    FAKE_COSIGN_LOG: path.join(dir, "cosign.log"),
    FAKE_COSIGN_TRUSTED: path.join(dir, "trusted"),
    FAKE_SKOPEO_LOG: path.join(dir, "skopeo.log"),
    FAKE_SKOPEO_DIR: path.join(dir, "manifests"),
  };
  const cosignCalls = () => (fs.existsSync(env.FAKE_COSIGN_LOG) ? fs.readFileSync(env.FAKE_COSIGN_LOG, "utf8").trim().split("\n") : []);
  return { dir, lock, server, env, cosignCalls };
}

async function pin(w: World, ...extra: string[]) {
  const io = captureIo(w.dir, w.env);
  const before = fs.readFileSync(w.lock, "utf8");
  const code = await run(["tools-pin", "--lock", w.lock, "--release-base", w.server.url, "--api-base", w.server.url, "--pr-body", "pr.md", ...extra], io);
  const after = fs.readFileSync(w.lock, "utf8");
  const byName = new Map(rows(parseLock(after, "tools.lock")).map((r) => [r.name, r]));
  const prBody = fs.existsSync(path.join(w.dir, "pr.md")) ? fs.readFileSync(path.join(w.dir, "pr.md"), "utf8") : "";
  // Never half-written: no temp file is left beside the lock, and it always parses.
  expect(fs.readdirSync(w.dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  return { code, before, after, byName, prBody, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe("tools-pin: a pin is written only from a verified asset", () => {
  test("good releases: bundle-signed, checksum-signed, unsigned and an image are pinned with exactly what was verified", async () => {
    const w = await world([ROWS.pulumi, ROWS.trivy, ROWS.syft, ROWS.notation, ROWS.zap]);
    const r = await pin(w, "--no-latest");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.byName.get("trivy")).toEqual({
      name: "trivy",
      version: "0.74.0",
      sha256: sha(TRIVY),
      kind: "tar.gz",
      source: `${w.server.url}/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz`,
      entry: "trivy",
      verified: "sigstore-bundle",
    });
    expect(r.byName.get("syft")).toMatchObject({ sha256: sha(SYFT), verified: "signed-checksums" });
    expect(r.byName.get("notation")).toMatchObject({ sha256: sha(NOTATION), verified: "unsigned-reviewed" });
    expect(r.byName.get("zap")).toMatchObject({ sha256: sha(ZAP_MANIFEST), source: "ghcr.io/zaproxy/zaproxy", entry: "-", verified: "unsigned-reviewed" });
    expect(r.byName.get("pulumi")).toMatchObject({ kind: "agent", sha256: "-" });
    // cosign got the exact identity and issuer per publisher (the fake refuses any other pair).
    const calls = w.cosignCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^verify-blob \S+\/trivy_0\.74\.0_Linux-64bit\.tar\.gz --bundle \S+\.sigstore\.json /);
    expect(calls[0]).toContain(`--certificate-identity ${TRIVY_ID("0.74.0")} --certificate-oidc-issuer ${GHA}`);
    expect(calls[1]).toMatch(/^verify-blob \S+\/syft_1\.51\.0_checksums\.txt --certificate \S+\.pem --signature \S+\.sig /);
    expect(calls[1]).toContain(`--certificate-identity ${SYFT_ID} --certificate-oidc-issuer ${GHA}`);
    // Reviewers are asked to confirm the unsigned ones, and only those.
    expect(r.prBody).toContain("**Reviewers, confirm before approving:**");
    expect(r.prBody.match(/^- \[ \] \*\*(\S+)/gm)).toEqual(["- [ ] **notation", "- [ ] **zap"]);
    expect(r.prBody).toContain(`| trivy | TO-PIN → 0.74.0 | \`${sha(TRIVY)}\` |`);
    // Comment lines are kept verbatim.
    expect(r.after.split("\n")[0]).toBe("# test lock");
  });

  test("a second run with nothing new changes nothing and downloads no asset", async () => {
    const w = await world([ROWS.trivy]);
    expect((await pin(w, "--no-latest")).code).toBe(0);
    const requests = w.server.requests.length;
    const again = await pin(w, "--no-latest");
    expect(again.code).toBe(0);
    expect(again.after).toBe(again.before);
    expect(again.stdout).toContain("current  trivy");
    expect(w.server.requests.length).toBe(requests);
  });

  test("tampered asset (checksum file still the publisher's): refused, lock byte-identical", async () => {
    const w = await world([ROWS.trivy], (s) => {
      goodReleases(s);
      s.file("/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz", "trivy with a backdoor");
    });
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(1);
    expect(r.after).toBe(r.before);
    expect(r.stdout).toMatch(/FAILED {3}trivy: trivy_0\.74\.0_Linux-64bit\.tar\.gz has SHA-256 [0-9a-f]{64} but trivy_0\.74\.0_checksums\.txt lists [0-9a-f]{64}/);
    expect(r.prBody).toContain("Not pinned (rows unchanged):");
  });

  test("tampered release (asset AND checksum file replaced, as a compromised release pipeline would): the signature check refuses it", async () => {
    const evil = "trivy with a backdoor";
    const w = await world([ROWS.trivy], (s) => {
      goodReleases(s);
      publish(s, "aquasecurity/trivy", "0.74.0", { "trivy_0.74.0_Linux-64bit.tar.gz": evil, "trivy_0.74.0_checksums.txt": checksums({ "trivy_0.74.0_Linux-64bit.tar.gz": evil }) });
    });
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(1);
    expect(r.after).toBe(r.before);
    expect(r.stdout).toMatch(/FAILED {3}trivy: signature of trivy 0\.74\.0 \(trivy_0\.74\.0_Linux-64bit\.tar\.gz\) did not verify \(cosign exit 1\)/);
  });

  test("bad signature (signed by another workflow identity): refused; a good tool in the same run is still pinned", async () => {
    const w = await world([ROWS.trivy, ROWS.notation], (s) => {
      goodReleases(s);
      s.file("/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz.sigstore.json", signed(TRIVY, "https://github.com/attacker/trivy/.github/workflows/release.yaml@refs/heads/main"));
    });
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(1);
    expect(r.byName.get("trivy")!.sha256).toBe("TO-PIN");
    expect(r.byName.get("notation")!.sha256).toBe(sha(NOTATION));
    expect(r.stdout).toContain("FAILED   trivy: signature of trivy 0.74.0");
  });

  test("unsigned where a signature is expected (bundle 404): refused", async () => {
    const w = await world([ROWS.trivy], (s) => {
      goodReleases(s);
      s.status("/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz.sigstore.json", 404);
    });
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(1);
    expect(r.after).toBe(r.before);
    expect(r.stdout).toMatch(/FAILED {3}trivy: trivy 0\.74\.0 signature bundle: missing at http:\/\/127\.0\.0\.1:\d+\/\S+\.sigstore\.json \(404\)/);
    expect(w.cosignCalls()).toEqual([]);
  });

  test("missing asset (404) and a server error (503): each named, neither pinned", async () => {
    const w = await world([ROWS.syft, ROWS.notation], (s) => {
      goodReleases(s);
      s.status("/anchore/syft/releases/download/v1.51.0/syft_1.51.0_linux_amd64.tar.gz", 404);
      s.status("/notaryproject/notation/releases/download/v1.3.2/notation_1.3.2_checksums.txt", 503);
    });
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(1);
    expect(r.after).toBe(r.before);
    expect(r.stdout).toMatch(/FAILED {3}syft: syft 1\.51\.0 asset: missing at \S+syft_1\.51\.0_linux_amd64\.tar\.gz \(404\)/);
    expect(r.stdout).toMatch(/FAILED {3}notation: notation 1\.3\.2 checksum file: \S+ answered 503; the release server failed/);
  });

  test("an asset its checksum file does not list is refused", async () => {
    const w = await world([ROWS.notation], (s) => {
      goodReleases(s);
      publish(s, "notaryproject/notation", "1.3.2", { "notation_1.3.2_checksums.txt": checksums({ "notation_1.3.2_darwin_arm64.tar.gz": "x" }) });
    });
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAILED   notation: notation_1.3.2_checksums.txt does not list notation_1.3.2_linux_amd64.tar.gz");
  });

  test("outdated: a newer release is pinned with its new URL; a skip-listed latest (trivy 0.69.4) is not", async () => {
    const current = ROWS.trivy.replace("TO-PIN", "a".repeat(64));
    const newer = Buffer.from("trivy 0.75.0 archive bytes");
    const w = await world([current], (s) => {
      s.latest("aquasecurity/trivy", "v0.75.0");
      publish(s, "aquasecurity/trivy", "0.75.0", {
        "trivy_0.75.0_Linux-64bit.tar.gz": newer,
        "trivy_0.75.0_checksums.txt": checksums({ "trivy_0.75.0_Linux-64bit.tar.gz": newer }),
        "trivy_0.75.0_Linux-64bit.tar.gz.sigstore.json": signed(newer, TRIVY_ID("0.75.0")),
      });
    });
    const r = await pin(w);
    expect(r.code).toBe(0);
    expect(r.byName.get("trivy")).toMatchObject({ version: "0.75.0", sha256: sha(newer), source: `${w.server.url}/aquasecurity/trivy/releases/download/v0.75.0/trivy_0.75.0_Linux-64bit.tar.gz` });
    expect(w.cosignCalls()[0]).toContain(`--certificate-identity ${TRIVY_ID("0.75.0")} `);

    const skip = await world([current], (s) => s.latest("aquasecurity/trivy", "v0.69.4"));
    const r2 = await pin(skip);
    expect(r2.code).toBe(0);
    expect(r2.after).toBe(r2.before);
    expect(r2.stdout).toContain("current  trivy (latest 0.69.4 is on the skip list)");
  });

  test("the lock cannot be replaced: exit 2 with one message, the file byte-identical (never half-written)", async () => {
    const w = await world([ROWS.notation]);
    const before = fs.readFileSync(w.lock, "utf8");
    const blocker = path.join(w.dir, `.tools.lock.${process.pid}.tmp`);
    fs.mkdirSync(blocker); // the temp file's name is taken, as by a crashed earlier run
    const io = captureIo(w.dir, w.env);
    const code = await run(["tools-pin", "--lock", w.lock, "--release-base", w.server.url, "--no-latest"], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toMatch(new RegExp(`^error: could not write ${w.lock.replace(/[.]/g, "\\.")} \\(.*\\); it is unchanged and no pin was written`));
    expect(fs.readFileSync(w.lock, "utf8")).toBe(before);
  });

  test("a malformed lock row is refused with its line, what was expected and what was found", async () => {
    const w = await world([ROWS.notation]);
    fs.appendFileSync(w.lock, "trivy 0.74.0 deadbeef tar.gz https://example.invalid/t.tar.gz trivy -\n");
    const io = captureIo(w.dir, w.env);
    expect(await run(["tools-pin", "--lock", w.lock, "--release-base", w.server.url, "--no-latest"], io)).toBe(2);
    expect(io.stderrText()).toBe(`error: ${w.lock}:4: sha256 of trivy must be 64 lower-case hex digits or TO-PIN; found "deadbeef".\n`);
    expect(w.server.requests).toEqual([]);
  });

  test("no cosign on PATH: bad input (exit 2), nothing pinned", async () => {
    const w = await world([ROWS.notation, ROWS.trivy]);
    fs.rmSync(path.join(w.dir, "bin", "cosign"));
    const r = await pin(w, "--no-latest");
    expect(r.code).toBe(2);
    expect(r.after).toBe(r.before);
    expect(r.stderr).toMatch(/^error: cosign is not on PATH/);
  });

  test("bad options are refused before any download: plain http to a non-loopback host, unknown tool", async () => {
    const w = await world([ROWS.trivy]);
    const io = captureIo(w.dir, w.env);
    expect(await run(["tools-pin", "--lock", w.lock, "--release-base", "http://example.com"], io)).toBe(2);
    expect(io.stderrText()).toContain('--release-base "http://example.com": expected https (http only for 127.0.0.1)');
    const io2 = captureIo(w.dir, w.env);
    expect(await run(["tools-pin", "--lock", w.lock, "--only", "oras", "--release-base", w.server.url], io2)).toBe(2);
    expect(io2.stderrText()).toContain("--only oras: not a downloaded tool");
    expect(w.server.requests).toEqual([]);
  });
});

describe("the committed pipelines/tools.lock", () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "pipelines", "tools.lock"), "utf8");
  const lock = parseLock(text, "pipelines/tools.lock");

  test("parses, and a rewrite keeps it byte-identical (the first pin changes only its rows)", () => {
    expect(renderLock(lock)).toBe(text);
  });

  test("every downloaded tool has a publisher entry of the same kind; agent tools are the image's", () => {
    for (const row of rows(lock)) {
      if (row.kind === "agent") expect({ name: row.name, source: row.source, sha: row.sha256 }).toEqual({ name: row.name, source: "ubuntu-24.04", sha: "-" });
      else expect({ name: row.name, kind: PUBLISHERS[row.name]?.kind }).toEqual({ name: row.name, kind: row.kind });
    }
    expect(rows(lock).filter((r) => r.kind === "agent").map((r) => r.name)).toEqual(["pulumi", "az", "docker", "skopeo"]);
  });
});
