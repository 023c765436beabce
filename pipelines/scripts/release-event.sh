#!/usr/bin/env bash
# Writes the release record the DORA workbook reads (infra/platform/release-events.ts): a custom event
# PineconeRelease (every release attempt, when it ends) or PineconeRestore (every swap-back) to the
# stack's Application Insights, with Entra authentication (local auth is off). A release also gets an
# Application Insights release annotation (Category Deployment) for the portal's charts.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly RELEASE_EVENT=PineconeRelease RESTORE_EVENT=PineconeRestore

usage() {
  cat <<'EOF2'
usage: release-event.sh release --environment CODE --version V --commit-sha SHA --commit-time ISO
                                --image-digest sha256:... --result succeeded|rolled-back|failed|auto
                                --started-at ISO [--finished-at ISO] --run-url URL
       release-event.sh restore --environment CODE --version V --detected-at ISO [--restored-at ISO]
                                --trigger watch-window|alert-webhook|manual --run-url URL
  --result auto: succeeded when AGENT_JOBSTATUS is Succeeded(WithIssues), rolled-back when
                SWAPPED_BACK is true, else failed (for the always() step at the end of a release)
  env: AZURE_RESOURCE_GROUP, APPINSIGHTS_NAME
exit: 0 written · 2 usage · 3 az or the ingestion endpoint failed
EOF2
}
(($#)) || usage_error "which event: release or restore?"
kind=$1; shift
declare -A v=()
while (($#)); do
  case $1 in
    --environment | --version | --commit-sha | --commit-time | --image-digest | --result | --started-at | \
      --finished-at | --run-url | --detected-at | --restored-at | --trigger)
      v[${1#--}]=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env AZURE_RESOURCE_GROUP APPINSIGHTS_NAME
need() { local k; for k in "$@"; do [[ -n ${v[$k]:-} ]] || usage_error "--$k is required for a $kind event"; done; }
iso='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$'
check_time() { local k; for k in "$@"; do [[ ${v[$k]} =~ $iso ]] || usage_error "--$k must be ISO 8601 UTC (found '${v[$k]}')"; done; }

case $kind in
  release)
    v[finished-at]=${v[finished-at]:-$(utc_now)}
    if [[ ${v[result]:-} == auto ]]; then
      case ${AGENT_JOBSTATUS:-} in
        Succeeded | SucceededWithIssues) v[result]=succeeded ;;
        *) if [[ ${SWAPPED_BACK:-} == true ]]; then v[result]=rolled-back; else v[result]=failed; fi ;;
      esac
    fi
    need environment version commit-sha commit-time image-digest result started-at run-url
    check_time commit-time started-at finished-at
    [[ ${v[result]} =~ ^(succeeded|rolled-back|failed)$ ]] || usage_error "--result must be succeeded, rolled-back or failed"
    is_digest "${v[image-digest]}" || usage_error "--image-digest must be sha256:<64 hex>"
    name=$RELEASE_EVENT
    fields=(environment version commitSha commitTime imageDigest result startedAt finishedAt pipelineRunUrl)
    values=("${v[environment]}" "${v[version]}" "${v[commit-sha]}" "${v[commit-time]}" "${v[image-digest]}" "${v[result]}" "${v[started-at]}" "${v[finished-at]}" "${v[run-url]}")
    ;;
  restore)
    v[restored-at]=${v[restored-at]:-$(utc_now)}
    need environment version detected-at trigger run-url
    check_time detected-at restored-at
    [[ ${v[trigger]} =~ ^(watch-window|alert-webhook|manual)$ ]] || usage_error "--trigger must be watch-window, alert-webhook or manual"
    name=$RESTORE_EVENT
    fields=(environment version detectedAt restoredAt trigger pipelineRunUrl)
    values=("${v[environment]}" "${v[version]}" "${v[detected-at]}" "${v[restored-at]}" "${v[trigger]}" "${v[run-url]}")
    ;;
  *) usage_error "unknown event '$kind' (expected release or restore)" ;;
esac

properties=""
for i in "${!fields[@]}"; do
  properties+="${properties:+,}$(json_string "${fields[$i]}"):$(json_string "${values[$i]}")"
done

ai_id=$(az resource show -g "$AZURE_RESOURCE_GROUP" -n "$APPINSIGHTS_NAME" --resource-type microsoft.insights/components --query id -o tsv) \
  || tool_failure "Application Insights $APPINSIGHTS_NAME not found"
connection=$(az resource show --ids "$ai_id" --query properties.ConnectionString -o tsv) || tool_failure "cannot read the connection string"
ikey=$(tr ';' '\n' <<<"$connection" | sed -n 's/^InstrumentationKey=//p')
ingest=$(tr ';' '\n' <<<"$connection" | sed -n 's/^IngestionEndpoint=//p')
[[ -n $ikey && $ingest =~ ^https:// ]] || tool_failure "connection string of $APPINSIGHTS_NAME has no key or ingestion endpoint"
ingest=${ingest%/}/
token=$(az account get-access-token --resource https://monitor.azure.com --query accessToken -o tsv) || tool_failure "cannot get a token for Azure Monitor"

body="[{\"name\":\"Microsoft.ApplicationInsights.Event\",\"time\":$(json_string "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"),\"iKey\":$(json_string "$ikey"),\"data\":{\"baseType\":\"EventData\",\"baseData\":{\"ver\":2,\"name\":$(json_string "$name"),\"properties\":{$properties},\"measurements\":{}}}}]"
answer=$(curl -sS --fail-with-body --max-time 30 -X POST "${ingest}v2.1/track" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$body") \
  || tool_failure "ingestion endpoint refused the event: $answer"
[[ $answer == *'"itemsAccepted":1'* ]] || tool_failure "event not accepted: $answer"
log "$name written to $APPINSIGHTS_NAME"

if [[ $kind == release ]]; then
  props="{\"ReleaseName\":$(json_string "${v[version]}"),\"ReleaseEnvironmentName\":$(json_string "${v[environment]}"),\"CommitSha\":$(json_string "${v[commit-sha]}"),\"Result\":$(json_string "${v[result]}"),\"ReleaseWebUrl\":$(json_string "${v[run-url]}")}"
  annotation="{\"Id\":$(json_string "$(cat /proc/sys/kernel/random/uuid)"),\"AnnotationName\":$(json_string "${v[version]} ${v[result]}"),\"EventTime\":$(json_string "${v[finished-at]%Z}"),\"Category\":\"Deployment\",\"Properties\":$(json_string "$props")}"
  az rest --method put --url "https://management.azure.com${ai_id}/Annotations?api-version=2015-05-01" --body "$annotation" >/dev/null \
    || warning "release annotation could not be written (the $RELEASE_EVENT event was)"
fi
