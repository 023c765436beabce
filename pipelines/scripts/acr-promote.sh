#!/usr/bin/env bash
# Promotes the SAME digest into the stack's registry with `az acr import` (never a rebuild), tags it
# with the version and the commit SHA (untagged manifests may be purged by retention), then copies its
# OCI referrers — the Notation signature and the SBOM — which `az acr import` does not carry
# (dotnet/docker-tools#1999), and checks that the target holds all of them. An image without a
# Notation signature is never released, not even into the build registry's own stack.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Same-tenant import needs this role on the source AND the target registry
# (577a9874-89fd-4f24-9dbd-b5034d0ad23a: import trigger plus pull/read of images, tags, referrers).
readonly IMPORT_ROLE="Container Registry Data Importer and Data Reader"
readonly SIGNATURE_TYPE=application/vnd.cncf.notary.signature

usage() {
  cat <<'EOF2'
usage: acr-promote.sh --source-registry-id ID --digest sha256:... --version SEMVER --sha COMMIT
  env: ACR_NAME (target registry), IMAGE_REPOSITORY (from the stack's variable group)
exit: 0 promoted (or already there) · 1 a tag points at another digest, the image is unsigned or a
      referrer is missing · 2 usage · 3 az failed (a refused call names the missing role)
sets output variables REGISTRY_ID, REGISTRY_LOGIN_SERVER (the source of the next stage)
EOF2
}
source_id="" digest="" version="" sha=""
while (($#)); do
  case $1 in
    --source-registry-id) source_id=$(arg_value "$@"); shift 2 ;;
    --digest) digest=$(arg_value "$@"); shift 2 ;;
    --version) version=$(arg_value "$@"); shift 2 ;;
    --sha) sha=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env ACR_NAME IMAGE_REPOSITORY
[[ $source_id =~ ^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.ContainerRegistry/registries/[^/]+$ ]] \
  || usage_error "--source-registry-id must be a registry resource id (found '$source_id')"
is_digest "$digest" || usage_error "--digest must be sha256:<64 hex> (found '$digest')"
[[ -n $version && -n $sha ]] || usage_error "--version and --sha are required"
repo=$IMAGE_REPOSITORY

# Runs az with its answer in $out. A failed call exits 3; a refused one (ARM's AuthorizationFailed
# names the scope) is explained as the role grant that is missing. Never called in a subshell, so
# the error reaches the run summary.
out=""
run_az() {
  local context=$1 err rc=0 scope; shift
  err=$(mktemp)
  out=$(az "$@" 2>"$err") || rc=$?
  if ((rc)); then
    scope=$(sed -n "s/.*does not have authorization to perform action '[^']*' over scope '\([^']*\)'.*/\1/p" "$err" | head -n 1)
    cat "$err" >&2; rm -f "$err"
    [[ -z $scope ]] || tool_failure "$context: the pipeline identity lacks the role '$IMPORT_ROLE' on $scope (the deploy identity of $ACR_NAME's stack needs it on the source and the target registry)"
    tool_failure "$context (az exit $rc)"
  fi
  rm -f "$err"
}

run_az "registry $ACR_NAME not readable" acr show -n "$ACR_NAME" --query id -o tsv; target_id=$out
run_az "registry $ACR_NAME not readable" acr show -n "$ACR_NAME" --query loginServer -o tsv; target_server=$out
run_az "source registry $source_id not readable" acr show --ids "$source_id" --query loginServer -o tsv; source_server=$out

# Digest a tag points at in the target, empty when the tag does not exist.
tag_digest() { az acr repository show -n "$ACR_NAME" --image "$repo:$1" --query digest -o tsv 2>/dev/null || true; }
# Referrer digests of the image in registry $1 (of artifact type $2 when given) into the array refs.
# The CLI answers {"references": [...]} (acr/manifest.py, _obtain_referrers_from_registry).
refs=()
referrers() {
  local filter="[]"
  [[ -z ${2:-} ]] || filter="[?artifactType=='$2']"
  run_az "listing the referrers of $repo@$digest in $1 failed" acr manifest list-referrers "$1/$repo@$digest" --recursive \
    --query "references$filter.digest" -o tsv
  mapfile -t refs < <(tr '\t' '\n' <<<"$out" | sed '/^$/d' | sort -u)
}
require_signature() {
  referrers "$1" "$SIGNATURE_TYPE"
  ((${#refs[@]})) || fail "$repo@$digest has no Notation signature ($SIGNATURE_TYPE referrer) in $1: an unsigned image is not released"
}

if [[ $(lower "$target_id") == $(lower "$source_id") ]]; then
  require_signature "$target_server"
  log "$ACR_NAME is the build registry: the signed image is already there"
else
  require_signature "$source_server"
  for tag in "$version" "$sha"; do
    existing=$(tag_digest "$tag")
    if [[ -n $existing && $existing != "$digest" ]]; then
      fail "$repo:$tag already points at $existing in $ACR_NAME, not at $digest; refusing to move a release tag"
    fi
  done
  if [[ $(tag_digest "$version") == "$digest" && $(tag_digest "$sha") == "$digest" ]]; then
    log "$repo@$digest is already in $ACR_NAME with both tags"
  else
    run_az "az acr import of $repo@$digest from $source_id failed" acr import -n "$ACR_NAME" --registry "$source_id" \
      --source "$repo@$digest" --image "$repo:$version" --image "$repo:$sha"
  fi
  # Signature and SBOM: import every referrer (by digest, untagged) after its subject.
  referrers "$source_server"; wanted=("${refs[@]}")
  ((${#wanted[@]})) || fail "$repo@$digest has no referrers in the source registry: an unsigned image is not promoted"
  for ref in "${wanted[@]}"; do
    is_digest "$ref" || tool_failure "unexpected referrer digest '$ref'"
    run_az "import of referrer $ref failed" acr import -n "$ACR_NAME" --registry "$source_id" \
      --source "$repo@$ref" --repository "$repo" --force
  done
  referrers "$target_server"; present=("${refs[@]}")
  missing=$(comm -23 <(printf '%s\n' "${wanted[@]}") <(printf '%s\n' "${present[@]}"))
  [[ -z $missing ]] || fail "referrers missing in $ACR_NAME after import: $missing"
  require_signature "$target_server"
  log "copied ${#wanted[@]} referrer(s) (signature, SBOM) of $repo@$digest"
fi

[[ $(tag_digest "$version") == "$digest" ]] || fail "$repo:$version in $ACR_NAME does not point at $digest after import"
log "promoted $repo@$digest into $ACR_NAME as $version and $sha"
set_variable REGISTRY_ID "$target_id" true
set_variable REGISTRY_LOGIN_SERVER "$target_server" true
