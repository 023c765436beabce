#!/usr/bin/env bash
# The incoming webhook is unauthenticated, so the rollback pipeline trusts nothing in the payload but
# the alert id, and only after checking its shape. It reads the alert from Azure Monitor (Alerts
# Management API) with the pipeline's own identity and confirms: the alert is still Fired, not Closed,
# its rule is one of this stack's rollback rules (ROLLBACK_ALERT_RULES, in the stack's resource group:
# anyone can post the id of the slot-swap alert, which fires on every release) and its target belongs
# to this stack's resource group, and it started recently.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: alert-recheck.sh [--max-age-minutes N]
  env: ALERT_ID (from the webhook payload data.essentials.alertId), AZURE_SUBSCRIPTION_ID,
       AZURE_RESOURCE_GROUP, ROLLBACK_ALERT_RULES (space-separated rule names)
exit: 0 alert confirmed · 1 not confirmed (do not roll back) · 2 usage or malformed alert id · 3 az failed
sets ALERT_FIRED_AT
EOF2
}
max_age=120
while (($#)); do
  case $1 in
    --max-age-minutes) max_age=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env ALERT_ID AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP ROLLBACK_ALERT_RULES
[[ $max_age =~ ^[1-9][0-9]*$ ]] || usage_error "--max-age-minutes must be a positive whole number"
guid='[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
if [[ ! $ALERT_ID =~ ^/subscriptions/($guid)/providers/Microsoft\.AlertsManagement/alerts/$guid$ ]]; then
  error "the webhook's alert id is not an Alerts Management alert id; not rolling back"
  exit "$EXIT_USAGE"
fi
[[ $(lower "${BASH_REMATCH[1]}") == $(lower "$AZURE_SUBSCRIPTION_ID") ]] || fail "alert belongs to another subscription; not rolling back"

answer=$(az rest --method get --url "https://management.azure.com${ALERT_ID}?api-version=2019-03-01" \
  --query "[properties.essentials.monitorCondition, properties.essentials.alertState, properties.essentials.alertRule, properties.essentials.targetResource, properties.essentials.startDateTime]" \
  -o tsv) || fail "alert $ALERT_ID cannot be read from Azure Monitor (deleted, expired or never existed); not rolling back"
mapfile -t f < <(tr '\t' '\n' <<<"$answer")
condition=${f[0]:-} state=${f[1]:-} rule=$(lower "${f[2]:-}") target=$(lower "${f[3]:-}") started=${f[4]:-}
prefix=$(lower "/subscriptions/$AZURE_SUBSCRIPTION_ID/resourceGroups/$AZURE_RESOURCE_GROUP/")

[[ $condition == Fired ]] || fail "alert is '$condition', not Fired; not rolling back"
[[ $state != Closed ]] || fail "alert was closed by an operator; not rolling back"
[[ $rule == "$prefix"* ]] || fail "alert rule '$rule' is not one of this stack's ($prefix); not rolling back"
[[ " $(lower "$ROLLBACK_ALERT_RULES") " == *" ${rule##*/} "* ]] \
  || fail "alert rule '${rule##*/}' is not a rollback rule (ROLLBACK_ALERT_RULES: $ROLLBACK_ALERT_RULES); not rolling back"
[[ $target == "$prefix"* ]] || fail "alert target '$target' is not in this stack's resource group; not rolling back"
started_epoch=$(date -u -d "$started" +%s 2>/dev/null) || fail "alert start time '$started' is not a date; not rolling back"
age=$((($(date -u +%s) - started_epoch) / 60))
((age <= max_age)) || fail "alert started $age minutes ago (more than $max_age); not rolling back"

log "alert confirmed through Azure Monitor: rule $rule fired at $started on $target"
set_variable ALERT_FIRED_AT "$(date -u -d "$started" +%Y-%m-%dT%H:%M:%SZ)"
