#!/usr/bin/env bash
# Readiness of one stack (`delivery readiness`): before a swap in the app delivery template (exit 1
# stops the release before the swap), and on the drift schedule with --record-only (the report goes
# to the stack's drift work item; drift-gate.sh gives the verdict). Runs inside AzureCLI@2 with the
# stack's service connection: the Azure SDK uses AzurePipelinesCredential (AZURESUBSCRIPTION_* set by
# the task, SYSTEM_ACCESSTOKEN mapped into the step) or falls back to the step's az session.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: readiness-gate.sh --stack NAME --out-dir DIR [--record-only]
  env: AZURE_SUBSCRIPTION_ID (default: the az session's subscription); SYSTEM_ACCESSTOKEN;
       DELIVERY_CLI (default: Node 24 from the delivery checkout's node_modules, installed if missing)
exit: 0 ready (with --record-only also not ready) · 1 not ready · 2 usage or bad input ·
      3 could not reach Azure or a tool failed (readiness unknown, never treated as ready)
EOF2
}
stack="" out="" record_only=false
while (($#)); do
  case $1 in
    --stack) stack=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    --record-only) record_only=true; shift ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $stack =~ ^[A-Za-z0-9_.-]+$ ]] || usage_error "--stack must be a stack name (found '$stack')"
[[ -n $out ]] || usage_error "--out-dir is required"
mkdir -p "$out"
out=$(cd "$out" && pwd)
repo=$(cd "$SCRIPTS_DIR/../.." && pwd)

subscription=${AZURE_SUBSCRIPTION_ID:-}
if [[ -z $subscription || $subscription == '$('* ]]; then
  subscription=$(az account show --query id -o tsv) || tool_failure "no az session to take the subscription from (run inside AzureCLI@2)"
fi
delivery_cli

set +e
(cd "$repo" && "${cli[@]}" readiness "$stack" --subscription "$subscription" --json --markdown "$out/readiness.md") >"$out/readiness.json"
verdict=$?
set -e
if [[ -s $out/readiness.md ]]; then
  printf '##vso[task.uploadsummary]%s\n' "$out/readiness.md"
  cat "$out/readiness.md" >&2
fi
case $verdict in
  0) log "stack $stack: ready" ;;
  1)
    if [[ $record_only == true ]]; then
      warning "stack $stack is not ready to swap (see the run summary); recorded for the drift work item"
    else
      fail "stack $stack is not ready to swap; the swap does not run (each failed check and its fix is in the run summary)"
    fi
    ;;
  2) error "delivery readiness rejected its input for stack $stack"; exit "$EXIT_USAGE" ;;
  *) rm -f "$out/readiness.json"; tool_failure "could not check the readiness of stack $stack (exit $verdict); readiness unknown, so nothing swaps" ;;
esac
