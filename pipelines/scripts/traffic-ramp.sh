#!/usr/bin/env bash
# Optional ramp between the swap preview and the swap: routes a growing share of production traffic
# to the staging slot (the new version) and watches each step. The rule is written by the CLI with a
# host name it derives, so it is compared with the slot's real host name before any traffic moves.
# Routing rules survive a swap: slot-swap.sh complete and swap-back.sh clear them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
refuse_direct_shape "route traffic"

usage() {
  cat <<'EOF2'
usage: traffic-ramp.sh --percentages "10 25 50" --step-minutes N --since ISO8601 --health-url URL
  env: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, WEBAPP_NAME, STAGING_SLOT
  percentages: whole numbers from 1 to 99, increasing (an empty list skips the ramp)
exit: 0 ramp done · 1 a step failed (routing cleared) · 2 usage · 3 az failed
EOF2
}
percentages="" step_minutes="" since="" health_url=""
while (($#)); do
  case $1 in
    --percentages) percentages=${2-}; (($# >= 2)) || usage_error "--percentages needs a value"; shift 2 ;;
    --step-minutes) step_minutes=$(arg_value "$@"); shift 2 ;;
    --since) since=$(arg_value "$@"); shift 2 ;;
    --health-url) health_url=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP WEBAPP_NAME STAGING_SLOT
read -r -a steps <<<"${percentages//,/ }"
if ((${#steps[@]} == 0)); then log "no traffic ramp configured"; exit 0; fi
previous=0
for p in "${steps[@]}"; do
  [[ $p =~ ^[1-9][0-9]?$ ]] || usage_error "percentage '$p' is not a whole number from 1 to 99"
  ((p > previous)) || usage_error "percentages must increase ($p after $previous)"
  previous=$p
done
[[ $step_minutes =~ ^[0-9]+$ ]] || usage_error "--step-minutes must be a whole number"

app=(-g "$AZURE_RESOURCE_GROUP" -n "$WEBAPP_NAME")
clear_routing() { az webapp traffic-routing clear "${app[@]}" >/dev/null || warning "clearing traffic routing failed"; }
slot_host=$(az webapp show "${app[@]}" --slot "$STAGING_SLOT" --query defaultHostName -o tsv) || tool_failure "cannot read the slot host name"
for p in "${steps[@]}"; do
  az webapp traffic-routing set "${app[@]}" --distribution "$STAGING_SLOT=$p" >/dev/null || { clear_routing; tool_failure "traffic-routing set $p% failed"; }
  rule_host=$(az webapp traffic-routing show "${app[@]}" --query "[?name=='$STAGING_SLOT'].actionHostName | [0]" -o tsv)
  if [[ $(lower "$rule_host") != $(lower "$slot_host") ]]; then
    clear_routing
    fail "routing rule points at '$rule_host' but the slot is '$slot_host'; ramp stopped and routing cleared"
  fi
  log "routing $p% of production traffic to $STAGING_SLOT ($slot_host)"
  if ! "$SCRIPTS_DIR/watch-release.sh" --minutes "$step_minutes" --since "$since" --health-url "$health_url"; then
    clear_routing
    fail "ramp step $p% failed its watch; routing cleared"
  fi
done
log "traffic ramp ${steps[*]} done"
