#!/usr/bin/env bash
# Automatic swap-back. Safe to run in any state the release can fail in:
#   1. cancel a pending swap preview (a pending preview blocks the next release)
#   2. clear traffic-routing rules (they survive swaps)
#   3. swap back only when production runs the failed image and staging holds a different (the
#      previous) one; then check production runs what staging held.
# With --digest (the release's digest) production is swapped back only if it runs that digest. Without
# it (alert-triggered rollback) production is swapped back only while it runs the LATEST release (the
# newest SemVer tag in the stack's registry, which acr-promote.sh writes at the start of every
# release): one incident fires several alerts (5xx, health) and the release job may already have
# swapped back, so a second run must not swap the bad release back in. Idempotent by state, not by
# run; the runs are also serialised with each other and with the stack's releases (exclusive lock on
# the secrets group, lockBehavior: sequential; templates/stages/rollback.yml).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
refuse_direct_shape "swap back"

usage() {
  cat <<'EOF2'
usage: swap-back.sh [--digest sha256:...]
  env: AZURE_RESOURCE_GROUP, WEBAPP_NAME, STAGING_SLOT, ACR_NAME, IMAGE_REPOSITORY (the latest release;
       the failed version's name)
exit: 0 restored, or nothing to restore · 1 cannot restore (staging holds the same image, or the
      swap did not bring the previous image back) · 2 usage · 3 az failed
sets DETECTED_AT, SWAPPED_BACK (true|false), RESTORED_AT, FAILED_IMAGE and FAILED_VERSION
EOF2
}
digest=""
while (($#)); do
  case $1 in
    --digest) digest=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env AZURE_RESOURCE_GROUP WEBAPP_NAME STAGING_SLOT
[[ -z $digest ]] || is_digest "$digest" || usage_error "--digest must be sha256:<64 hex> (found '$digest')"
app=(-g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME")
set_variable DETECTED_AT "$(utc_now)"

az webapp deployment slot swap "${app[@]}" --slot "$STAGING_SLOT" --target-slot production --action reset >/dev/null \
  || warning "resetting a swap preview failed (none may be pending)"
az webapp traffic-routing clear "${app[@]}" >/dev/null || tool_failure "clearing traffic routing failed"

prod=$(az webapp config show "${app[@]}" --query linuxFxVersion -o tsv) || tool_failure "cannot read production's image"
staging=$(az webapp config show "${app[@]}" --slot "$STAGING_SLOT" --query linuxFxVersion -o tsv) || tool_failure "cannot read staging's image"
set_variable FAILED_IMAGE "$prod"
# Version of the failed image, from its SemVer tag in the stack's registry (for the restore event).
failed_version=unknown
if [[ -n ${ACR_NAME:-} && -n ${IMAGE_REPOSITORY:-} && $prod =~ @(sha256:[0-9a-f]{64})$ ]]; then
  tags=$(az acr repository show -n "$ACR_NAME" --image "$IMAGE_REPOSITORY@${BASH_REMATCH[1]}" --query tags -o tsv 2>/dev/null || true)
  for tag in $tags; do
    if [[ $tag =~ ^[0-9]+\.[0-9]+\.[0-9]+(-.+)?$ ]]; then failed_version=$tag; break; fi
  done
fi
set_variable FAILED_VERSION "$failed_version"

if [[ -n $digest && $prod != *"@$digest" ]]; then
  log "production runs '$prod', not the failed release $digest: no swap happened, nothing to swap back"
  set_variable SWAPPED_BACK false
  exit 0
fi
if [[ -z $digest ]]; then
  require_env ACR_NAME IMAGE_REPOSITORY
  # Tags newest first; the first SemVer tag is the latest release promoted into this stack.
  rows=$(az acr repository show-tags -n "$ACR_NAME" --repository "$IMAGE_REPOSITORY" --orderby time_desc --detail \
    --query "[].[name, digest]" -o tsv) || tool_failure "cannot list the release tags of $IMAGE_REPOSITORY in $ACR_NAME"
  latest=""
  while IFS=$'\t' read -r tag tag_digest; do
    if [[ $tag =~ ^[0-9]+\.[0-9]+\.[0-9]+(-.+)?$ ]]; then latest=$tag_digest; break; fi
  done <<<"$rows"
  [[ -n $latest ]] || fail "no release tag in $ACR_NAME/$IMAGE_REPOSITORY: cannot tell which release the alert is about; not swapping"
  if [[ $prod != *"@$latest" ]]; then
    log "production runs '$prod', not the latest release $latest: already swapped back (or never swapped in); nothing to do"
    set_variable SWAPPED_BACK false
    exit 0
  fi
fi
[[ $staging != "$prod" ]] || fail "staging and production both run '$prod': no previous version to swap back to"

log "swapping back: production '$prod' -> '$staging'"
az webapp deployment slot swap "${app[@]}" --slot "$STAGING_SLOT" --target-slot production --action swap \
  || tool_failure "swap-back failed"
now=$(az webapp config show "${app[@]}" --query linuxFxVersion -o tsv)
[[ $now == "$staging" ]] || fail "after swapping back production runs '$now', expected '$staging'"
log "restored: production runs $now"
set_variable SWAPPED_BACK true
set_variable RESTORED_AT "$(utc_now)"
