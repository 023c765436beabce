#!/usr/bin/env bash
# Promotes the SAME digest into the stack's registry with `az acr import` (never a rebuild), tags it
# with the version and the commit SHA (untagged manifests may be purged by retention), then copies its
# OCI referrers — the Notation signature and the SBOM — which `az acr import` does not carry
# (dotnet/docker-tools#1999), and checks that the target holds all of them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: acr-promote.sh --source-registry-id ID --digest sha256:... --version SEMVER --sha COMMIT
  env: ACR_NAME (target registry), IMAGE_REPOSITORY (from the stack's variable group)
exit: 0 promoted (or already there) · 1 a tag points at another digest or a referrer is missing · 2 usage · 3 az failed
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

target_id=$(az acr show -n "$ACR_NAME" --query id -o tsv) || tool_failure "registry $ACR_NAME not found"
target_server=$(az acr show -n "$ACR_NAME" --query loginServer -o tsv) || tool_failure "registry $ACR_NAME not found"
source_server=$(az acr show --ids "$source_id" --query loginServer -o tsv) || tool_failure "source registry $source_id not readable"

# Digest a tag points at in the target, empty when the tag does not exist.
tag_digest() { az acr repository show -n "$ACR_NAME" --image "$repo:$1" --query digest -o tsv 2>/dev/null || true; }
referrers() { az acr manifest list-referrers "$1/$repo@$digest" --recursive --query "referrers[].digest" -o tsv | tr '\t' '\n' | sed '/^$/d' | sort -u; }

if [[ $(lower "$target_id") == $(lower "$source_id") ]]; then
  log "$ACR_NAME is the build registry: the image is already there"
else
  for tag in "$version" "$sha"; do
    existing=$(tag_digest "$tag")
    if [[ -n $existing && $existing != "$digest" ]]; then
      fail "$repo:$tag already points at $existing in $ACR_NAME, not at $digest; refusing to move a release tag"
    fi
  done
  if [[ $(tag_digest "$version") == "$digest" && $(tag_digest "$sha") == "$digest" ]]; then
    log "$repo@$digest is already in $ACR_NAME with both tags"
  else
    az acr import -n "$ACR_NAME" --registry "$source_id" --source "$repo@$digest" \
      --image "$repo:$version" --image "$repo:$sha" || tool_failure "az acr import of $repo@$digest failed"
  fi
  # Signature and SBOM: import every referrer (by digest, untagged) after its subject.
  mapfile -t wanted < <(referrers "$source_server")
  ((${#wanted[@]})) || fail "$repo@$digest has no referrers in the source registry: an unsigned image is not promoted"
  for ref in "${wanted[@]}"; do
    is_digest "$ref" || tool_failure "unexpected referrer digest '$ref'"
    az acr import -n "$ACR_NAME" --registry "$source_id" --source "$repo@$ref" --repository "$repo" --force \
      || tool_failure "import of referrer $ref failed"
  done
  mapfile -t present < <(referrers "$target_server")
  missing=$(comm -23 <(printf '%s\n' "${wanted[@]}") <(printf '%s\n' "${present[@]}"))
  [[ -z $missing ]] || fail "referrers missing in $ACR_NAME after import: $missing"
  log "copied ${#wanted[@]} referrer(s) (signature, SBOM) of $repo@$digest"
fi

[[ $(tag_digest "$version") == "$digest" ]] || fail "$repo:$version in $ACR_NAME does not point at $digest after import"
log "promoted $repo@$digest into $ACR_NAME as $version and $sha"
set_variable REGISTRY_ID "$target_id" true
set_variable REGISTRY_LOGIN_SERVER "$target_server" true
