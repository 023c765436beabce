#!/usr/bin/env bash
# Watches a release for a window: every interval, a Fired (new or acknowledged) Azure Monitor alert of
# a rollback-relevant rule (ROLLBACK_ALERT_RULES: the rule names the program marks triggersRollback)
# in the stack's resource group since --since, or two failed health probes in a row, fails the release
# (the deployment job's on.failure hook then swaps back). Other alerts are logged, never acted on: the
# slot-swap activity-log alert fires on every swap preview and swap, so acting on it would roll back
# every release.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: watch-release.sh --minutes N --since ISO8601 --health-url URL [--interval SECONDS]
  env: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, ROLLBACK_ALERT_RULES (space-separated rule names)
exit: 0 quiet for the whole window · 1 an alert fired or health failed · 2 usage · 3 az failed
EOF2
}
minutes="" since="" health_url="" interval=60
while (($#)); do
  case $1 in
    --minutes) minutes=$(arg_value "$@"); shift 2 ;;
    --since) since=$(arg_value "$@"); shift 2 ;;
    --health-url) health_url=$(arg_value "$@"); shift 2 ;;
    --interval) interval=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP ROLLBACK_ALERT_RULES
[[ $minutes =~ ^[0-9]+$ ]] || usage_error "--minutes must be a whole number (found '$minutes')"
[[ $since =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] || usage_error "--since must be UTC like 2026-08-21T10:00:00Z"
[[ $health_url =~ ^https:// ]] || usage_error "--health-url must be an https URL"
[[ $interval =~ ^[1-9][0-9]*$ ]] || usage_error "--interval must be a positive whole number"

scope="/subscriptions/$AZURE_SUBSCRIPTION_ID/resourceGroups/$AZURE_RESOURCE_GROUP"
checks=$((minutes * 60 / interval)); ((checks >= 1)) || checks=1
bad_health=0
for ((i = 1; i <= checks; i++)); do
  fired=$(az rest --method get --url "https://management.azure.com$scope/providers/Microsoft.AlertsManagement/alerts" \
    --url-parameters api-version=2019-03-01 monitorCondition=Fired alertState=New,Acknowledged \
    "customTimeRange=$since/$(utc_now)" \
    --query "value[].properties.essentials.alertRule" -o tsv) || tool_failure "reading alerts of $scope failed"
  relevant=() other=()
  for rule in $fired; do
    # Rule ids end in /<rule name>; names are compared case-insensitively, as Azure does.
    if [[ " $(lower "$ROLLBACK_ALERT_RULES") " == *" $(lower "${rule##*/}") "* ]]; then relevant+=("$rule"); else other+=("$rule"); fi
  done
  ((${#other[@]} == 0)) || log "not rollback-relevant, ignored: ${other[*]}"
  ((${#relevant[@]} == 0)) || fail "rollback-relevant alert(s) fired during the release watch window: ${relevant[*]}"
  status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$health_url" || true)
  if [[ $status == 200 ]]; then bad_health=0; else
    bad_health=$((bad_health + 1))
    log "health probe $health_url answered ${status:-no response} ($bad_health in a row)"
    ((bad_health < 2)) || fail "health check $health_url failed twice in a row (last status ${status:-none})"
  fi
  log "watch $i/$checks: no alert, health ${status}"
  ((i == checks)) || pause "$interval"
done
log "release stayed healthy for $minutes minute(s)"
