#!/usr/bin/env bash
# SBOM of the pushed image (SPDX and CycloneDX, from the registry by digest), attached to the image
# as an OCI referrer so it travels with it (acr-promote.sh copies referrers), and kept as files for
# the pipeline artifact.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: sbom.sh --image LOGIN_SERVER/REPO@sha256:DIGEST --out-dir DIR
exit: 0 generated and attached · 2 usage · 3 syft or the attach failed
EOF2
}
image="" out=""
while (($#)); do
  case $1 in
    --image) image=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $image =~ @sha256:[0-9a-f]{64}$ ]] || usage_error "--image must be a reference by digest (…@sha256:<64 hex>)"
[[ -n $out ]] || usage_error "--out-dir is required"
mkdir -p "$out"
syft scan "registry:$image" -o "spdx-json=$out/sbom.spdx.json" -o "cyclonedx-json=$out/sbom.cdx.json" \
  || tool_failure "syft failed for $image"
# oci-attach.sh pushes the referrer with the az session (no ORAS download); it exits 3 itself on failure.
"$SCRIPTS_DIR/oci-attach.sh" --subject "$image" --file "$out/sbom.spdx.json" --artifact-type application/spdx+json >/dev/null
log "SBOM attached to $image"
