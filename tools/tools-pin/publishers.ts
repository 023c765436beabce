/**
 * How each downloaded tool is published: release asset names, checksum file, and the signature the
 * publisher makes (shared/reference/release-pipeline-commands.md §5.2; goreleaser/workflow files of
 * each project). An exact certificate identity that turns out wrong fails closed: nothing is pinned.
 */

export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

export type Signature =
  /** `<asset>.sigstore.json`: a keyless cosign bundle over the asset itself. */
  | { readonly kind: "sigstore-bundle"; readonly bundle: (asset: string) => string; readonly identity: (version: string) => string; readonly issuer: string }
  /** Keyless `.sig` + `.pem` over the checksum file; the asset is trusted through its line in that file. */
  | { readonly kind: "signed-checksums"; readonly signature: (checksums: string) => string; readonly certificate: (checksums: string) => string; readonly identity: (version: string) => string; readonly issuer: string }
  /** The publisher signs nothing: the pull request asks its reviewers to confirm the hash. */
  | { readonly kind: "none"; readonly reviewerHint: string };

interface Common {
  /** GitHub owner/name: releases (assets) and the latest-release lookup. */
  readonly repo: string;
  readonly signature: Signature;
  /** Versions never pinned (withdrawn or known-malicious releases). */
  readonly skipVersions?: readonly string[];
}
export interface FilePublisher extends Common {
  readonly kind: "tar.gz" | "binary";
  readonly asset: (version: string) => string;
  /** The release's SHA-256 list (goreleaser layout: "<hex>  <file>" lines). */
  readonly checksums: (version: string) => string;
  /** Executable path inside the archive (tar.gz) or installed file name (binary). */
  readonly entry: (version: string) => string;
}
export interface ImagePublisher extends Common {
  readonly kind: "image";
  readonly image: string;
  readonly tag: (version: string) => string;
}
export type Publisher = FilePublisher | ImagePublisher;

const gha = (repo: string, workflow: string, ref: (v: string) => string) => (v: string) => `https://github.com/${repo}/.github/workflows/${workflow}@${ref(v)}`;
const tagRef = (v: string) => `refs/tags/v${v}`;

export const PUBLISHERS: Readonly<Record<string, Publisher>> = {
  // cosign's own releases are signed keyless from its release build (Google Cloud Build service account).
  cosign: {
    kind: "binary",
    repo: "sigstore/cosign",
    asset: () => "cosign-linux-amd64",
    checksums: () => "cosign_checksums.txt",
    entry: () => "cosign",
    signature: { kind: "sigstore-bundle", bundle: (a) => `${a}.sigstore.json`, identity: () => "keyless@projectsigstore.iam.gserviceaccount.com", issuer: "https://accounts.google.com" },
  },
  trivy: {
    kind: "tar.gz",
    repo: "aquasecurity/trivy",
    asset: (v) => `trivy_${v}_Linux-64bit.tar.gz`,
    checksums: (v) => `trivy_${v}_checksums.txt`,
    entry: () => "trivy",
    signature: { kind: "sigstore-bundle", bundle: (a) => `${a}.sigstore.json`, identity: gha("aquasecurity/trivy", "reusable-release.yaml", tagRef), issuer: GITHUB_ACTIONS_ISSUER },
    // March 2026: v0.69.4 was published by a compromised release pipeline, 0.69.5-0.69.6 images too.
    skipVersions: ["0.69.4", "0.69.5", "0.69.6"],
  },
  syft: {
    kind: "tar.gz",
    repo: "anchore/syft",
    asset: (v) => `syft_${v}_linux_amd64.tar.gz`,
    checksums: (v) => `syft_${v}_checksums.txt`,
    entry: () => "syft",
    signature: { kind: "signed-checksums", signature: (c) => `${c}.sig`, certificate: (c) => `${c}.pem`, identity: gha("anchore/syft", "release.yaml", () => "refs/heads/main"), issuer: GITHUB_ACTIONS_ISSUER },
  },
  notation: {
    kind: "tar.gz",
    repo: "notaryproject/notation",
    asset: (v) => `notation_${v}_linux_amd64.tar.gz`,
    checksums: (v) => `notation_${v}_checksums.txt`,
    entry: () => "notation",
    signature: { kind: "none", reviewerHint: "compare with notation_<version>_checksums.txt on the GitHub release page, opened from another machine or network" },
  },
  "notation-azure-kv": {
    kind: "tar.gz",
    repo: "Azure/notation-azure-kv",
    asset: (v) => `notation-azure-kv_${v}_linux_amd64.tar.gz`,
    checksums: (v) => `notation-azure-kv_${v}_checksums.txt`,
    entry: () => "notation-azure-kv",
    signature: { kind: "none", reviewerHint: "compare with the SHA-256 the plugin's README lists for this version (linux amd64)" },
  },
  k6: {
    kind: "tar.gz",
    repo: "grafana/k6",
    asset: (v) => `k6-v${v}-linux-amd64.tar.gz`,
    checksums: (v) => `k6-v${v}-checksums.txt`,
    entry: (v) => `k6-v${v}-linux-amd64/k6`,
    signature: { kind: "none", reviewerHint: "compare with k6-v<version>-checksums.txt on the GitHub release page, opened from another machine or network" },
  },
  zap: {
    kind: "image",
    repo: "zaproxy/zaproxy",
    image: "ghcr.io/zaproxy/zaproxy",
    tag: (v) => v,
    signature: { kind: "none", reviewerHint: "compare with `docker buildx imagetools inspect ghcr.io/zaproxy/zaproxy:<version>` run elsewhere" },
  },
  semgrep: {
    kind: "image",
    repo: "semgrep/semgrep",
    image: "docker.io/semgrep/semgrep",
    tag: (v) => v,
    signature: { kind: "none", reviewerHint: "compare with `docker buildx imagetools inspect semgrep/semgrep:<version>` run elsewhere" },
  },
};

/** The lock's `verified` value for a publisher's signature kind. */
export function verifiedLabel(signature: Signature): string {
  return signature.kind === "none" ? "unsigned-reviewed" : signature.kind;
}
