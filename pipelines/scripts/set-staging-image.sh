#!/usr/bin/env bash
# Points the staging slot at the image by digest (managed-identity pull is configured by the IaC) and
# checks that the slot now reports exactly that image.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: set-staging-image.sh --digest sha256:...
  env: AZURE_RESOURCE_GROUP, WEBAPP_NAME, STAGING_SLOT, ACR_LOGIN_SERVER, IMAGE_REPOSITORY
exit: 0 set · 1 the slot reports another image · 2 usage · 3 az failed
sets STAGING_HOST and PRODUCTION_HOST (host names) for the following steps
EOF2
}
digest=""
while (($#)); do
  case $1 in
    --digest) digest=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env AZURE_RESOURCE_GROUP WEBAPP_NAME STAGING_SLOT ACR_LOGIN_SERVER IMAGE_REPOSITORY
is_digest "$digest" || usage_error "--digest must be sha256:<64 hex> (found '$digest')"
fx="DOCKER|$ACR_LOGIN_SERVER/$IMAGE_REPOSITORY@$digest"

az webapp config set -g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" \
  --linux-fx-version "$fx" >/dev/null || tool_failure "az webapp config set failed"
actual=$(az webapp config show -g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" --query linuxFxVersion -o tsv)
[[ $actual == "$fx" ]] || fail "staging slot reports '$actual', expected '$fx'"
host=$(az webapp show -g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" --query defaultHostName -o tsv)
log "staging slot $STAGING_SLOT ($host) now runs $fx"
set_variable STAGING_HOST "$host"
set_variable PRODUCTION_HOST "$(az webapp show -g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME" --query defaultHostName -o tsv)"
