#!/usr/bin/env bash
# Swap with preview, in two calls so gates and the traffic ramp can run in between:
#   preview   cancel any stale preview, then apply production's sticky settings to the staging slot
#             (phase 1; staging restarts with production's configuration)
#   complete  clear the traffic-routing rules (they survive a swap), swap, and check production
#             now runs the released digest
#   reset     cancel a pending preview (cleanup; a pending preview blocks the next one)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
refuse_direct_shape "swap"

usage() {
  cat <<'EOF2'
usage: slot-swap.sh preview|reset
       slot-swap.sh complete --digest sha256:...
  env: AZURE_RESOURCE_GROUP, WEBAPP_NAME, STAGING_SLOT
exit: 0 done · 1 production does not run the digest after the swap · 2 usage · 3 az failed
EOF2
}
(($#)) || usage_error "which action: preview, complete or reset?"
action=$1; shift
digest=""
while (($#)); do
  case $1 in
    --digest) digest=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env AZURE_RESOURCE_GROUP WEBAPP_NAME STAGING_SLOT
app=(-g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME")
swap() { az webapp deployment slot swap "${app[@]}" --slot "$STAGING_SLOT" --target-slot production --action "$1"; }

case $action in
  preview)
    swap reset >/dev/null 2>&1 || log "no stale swap preview to cancel"
    swap preview || tool_failure "swap preview of $STAGING_SLOT failed"
    log "swap preview applied: $STAGING_SLOT runs with production's settings"
    ;;
  complete)
    is_digest "$digest" || usage_error "complete needs --digest sha256:<64 hex>"
    # Taken before the swap: the watch window starts here, so an alert that fires while the swap
    # is still completing (second-precision timestamps) belongs to this release.
    started=$(utc_now)
    az webapp traffic-routing clear "${app[@]}" >/dev/null || tool_failure "clearing traffic routing failed"
    swap swap || tool_failure "swap of $STAGING_SLOT into production failed"
    prod=$(az webapp config show "${app[@]}" --query linuxFxVersion -o tsv)
    [[ $prod == *"@$digest" ]] || fail "after the swap production runs '$prod', not $digest"
    log "swapped: production runs $digest"
    set_variable SWAPPED_AT "$started" true
    # When production went live: the watch window starts here.
    set_variable LIVE_SINCE "$started"
    ;;
  reset)
    swap reset || tool_failure "resetting the swap preview failed"
    ;;
  *) usage_error "unknown action '$action'" ;;
esac
