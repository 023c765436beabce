#!/usr/bin/env bash
# Points the staging slot at the image by digest (managed-identity pull is configured by the IaC) and
# checks that the slot now reports exactly that image.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: set-staging-image.sh --digest sha256:...
  env: AZURE_RESOURCE_GROUP, WEBAPP_NAME, STAGING_SLOT, ACR_LOGIN_SERVER, IMAGE_REPOSITORY,
       WEBAPP_RESOURCE_GROUP (the app's group; default AZURE_RESOURCE_GROUP), RELEASE_SHAPE (swap|direct)
exit: 0 set · 1 the slot reports another image · 2 usage · 3 az failed
sets STAGING_HOST and PRODUCTION_HOST (host names) for the following steps; with RELEASE_SHAPE=direct
(the stack's app is a slot on another stack's app) the slot IS the stack's production: both are the
slot's host, LIVE_SINCE is now, and PREVIOUS_DIGEST is the digest the slot ran before (for a restore)
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
# Never the production site itself: a release writes an image only to a slot.
[[ $STAGING_SLOT != production ]] || usage_error "STAGING_SLOT is 'production'; a release sets the image of a slot, never of production"
fx="DOCKER|$ACR_LOGIN_SERVER/$IMAGE_REPOSITORY@$digest"
rg=${WEBAPP_RESOURCE_GROUP:-$AZURE_RESOURCE_GROUP}
direct=false
[[ ${RELEASE_SHAPE:-swap} != direct ]] || direct=true

if $direct; then
  before=$(az webapp config show -g "$rg" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" --query linuxFxVersion -o tsv) || tool_failure "cannot read the slot's image"
  set_variable PREVIOUS_DIGEST "$( [[ $before =~ @(sha256:[0-9a-f]{64})$ ]] && printf '%s' "${BASH_REMATCH[1]}" )"
  set_variable LIVE_SINCE "$(utc_now)"
fi
az webapp config set -g "$rg" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" \
  --linux-fx-version "$fx" >/dev/null || tool_failure "az webapp config set failed"
actual=$(az webapp config show -g "$rg" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" --query linuxFxVersion -o tsv)
[[ $actual == "$fx" ]] || fail "staging slot reports '$actual', expected '$fx'"
host=$(az webapp show -g "$rg" -n "$WEBAPP_NAME" --slot "$STAGING_SLOT" --query defaultHostName -o tsv)
log "slot $STAGING_SLOT ($host) now runs $fx"
set_variable STAGING_HOST "$host"
if $direct; then
  set_variable PRODUCTION_HOST "$host"
else
  set_variable PRODUCTION_HOST "$(az webapp show -g "$rg" -n "$WEBAPP_NAME" --query defaultHostName -o tsv)"
fi
