#!/usr/bin/env bash
# Pushes the scanned image to the build registry with its SemVer and commit-SHA tags and resolves the
# digest every later step uses. Runs inside AzureCLI@2 (the registry login comes from the WIF session).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: push-image.sh --local-image REF --registry ACR_NAME --repository REPO --version SEMVER --sha COMMIT
exit: 0 pushed · 2 usage · 3 push or lookup failed
sets output variables IMAGE_DIGEST, REGISTRY_ID, REGISTRY_LOGIN_SERVER
EOF2
}
local_image="" registry="" repository="" version="" sha=""
while (($#)); do
  case $1 in
    --local-image) local_image=$(arg_value "$@"); shift 2 ;;
    --registry) registry=$(arg_value "$@"); shift 2 ;;
    --repository) repository=$(arg_value "$@"); shift 2 ;;
    --version) version=$(arg_value "$@"); shift 2 ;;
    --sha) sha=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
for v in local_image registry repository version sha; do [[ -n ${!v} ]] || usage_error "--${v//_/-} is required"; done
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || usage_error "--version $version is not SemVer"
[[ $sha =~ ^[0-9a-f]{40}$ ]] || usage_error "--sha must be a full commit SHA"

login_server=$(az acr show -n "$registry" --query loginServer -o tsv) || tool_failure "registry $registry not found"
registry_id=$(az acr show -n "$registry" --query id -o tsv) || tool_failure "registry $registry not found"
az acr login -n "$registry" >/dev/null || tool_failure "az acr login to $registry failed"
existing=$(az acr repository show -n "$registry" --image "$repository:$version" --query digest -o tsv 2>/dev/null || true)
local_id=$(docker image inspect --format '{{.Id}}' "$local_image") || usage_error "--local-image $local_image is not in the Docker daemon"
[[ -z $existing ]] || fail "$repository:$version already exists in $registry ($existing): versions are immutable; tag a new version"
log "pushing $local_image ($local_id)"
for tag in "$version" "$sha"; do
  docker tag "$local_image" "$login_server/$repository:$tag"
  docker push "$login_server/$repository:$tag" || tool_failure "docker push $login_server/$repository:$tag failed"
done
digest=$(az acr repository show -n "$registry" --image "$repository:$sha" --query digest -o tsv) || tool_failure "cannot read the digest of $repository:$sha"
is_digest "$digest" || tool_failure "registry returned '$digest', not a sha256 digest"
version_digest=$(az acr repository show -n "$registry" --image "$repository:$version" --query digest -o tsv)
[[ $version_digest == "$digest" ]] || fail "tags $version and $sha point to different digests ($version_digest, $digest)"

log "pushed $login_server/$repository@$digest (tags $version, $sha)"
set_variable IMAGE_DIGEST "$digest" true
set_variable REGISTRY_ID "$registry_id" true
set_variable REGISTRY_LOGIN_SERVER "$login_server" true
