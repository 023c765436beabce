#!/usr/bin/env bash
# Runs the Pulumi CLI for one stack inside AzureCLI@2 (addSpnToEnvironment: true, WIF connection).
#   preview          pulumi preview --json, plus the engine event log (PR preview)
#   refresh-preview  pulumi preview --refresh --json, plus the event log (drift detection)
#   up               pulumi up --refresh --yes, plus the event log (deploy)
# Every run applies the policy pack (policy/) with the config `delivery policy-config` writes.
# The providers get explicit OIDC settings (ARM_USE_OIDC, ...): they cannot reuse a service-principal
# `az` login. Previews use the task's one-time assertion (ARM_OIDC_TOKEN; minutes, and PR code must
# not get the job token). `up` can outlive that assertion, so it starts `delivery oidc-bridge` and
# points both providers' OIDC *request* settings at it: every new access token then comes from a
# fresh Azure DevOps assertion (azure-native reads ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, GitHub-shaped;
# the azuredevops provider reads ARM_OIDC_REQUEST_URL/_TOKEN and ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID;
# see tools/oidc-bridge/bridge.ts). Only the bridge holds SYSTEM_ACCESSTOKEN. The state backend is
# chosen by PULUMI_BACKEND:
#   azblob  azblob://$PULUMI_STATE_CONTAINER?storage_account=$PULUMI_STATE_STORAGE_ACCOUNT (az session;
#           the backend ignores ARM_*)
#   cloud   Pulumi Cloud with the secret PULUMI_ACCESS_TOKEN (optional PULUMI_ORGANIZATION)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: pulumi-run.sh preview|refresh-preview|up --stack NAME --out-dir DIR [--cwd DIR]
  env: PULUMI_BACKEND (azblob|cloud) and its settings; idToken, servicePrincipalId, tenantId
       (AzureCLI@2 addSpnToEnvironment); for up also SYSTEM_ACCESSTOKEN, SYSTEM_OIDCREQUESTURI and
       AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (set by AzureCLI@2)
exit: 0 ok · 2 usage or missing settings · 3 pulumi failed
EOF2
}
(($#)) || usage_error "which command: preview, refresh-preview or up?"
command=$1; shift
stack="" out="" cwd=.
while (($#)); do
  case $1 in
    --stack) stack=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    --cwd) cwd=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $command =~ ^(preview|refresh-preview|up)$ ]] || usage_error "unknown command '$command'"
[[ $stack =~ ^[A-Za-z0-9_.-]+$ ]] || usage_error "--stack must be a stack name (found '$stack')"
[[ -n $out ]] || usage_error "--out-dir is required"
require_env PULUMI_BACKEND idToken servicePrincipalId tenantId
mkdir -p "$out"
out=$(cd "$out" && pwd)

export ARM_USE_OIDC=true ARM_OIDC_TOKEN=$idToken ARM_CLIENT_ID=$servicePrincipalId ARM_TENANT_ID=$tenantId
ARM_SUBSCRIPTION_ID=$(az account show --query id -o tsv) || tool_failure "no az session (run inside AzureCLI@2)"
export ARM_SUBSCRIPTION_ID
export AZURE_KEYVAULT_AUTH_VIA_CLI=true PULUMI_SKIP_UPDATE_CHECK=true PULUMI_SKIP_CONFIRMATIONS=true

case $PULUMI_BACKEND in
  azblob)
    require_env PULUMI_STATE_STORAGE_ACCOUNT PULUMI_STATE_CONTAINER
    pulumi login "azblob://$PULUMI_STATE_CONTAINER?storage_account=$PULUMI_STATE_STORAGE_ACCOUNT" || tool_failure "pulumi login to the blob backend failed"
    stack_ref=$stack
    ;;
  cloud)
    require_env PULUMI_ACCESS_TOKEN
    pulumi login "${PULUMI_CLOUD_URL:-https://api.pulumi.com}" || tool_failure "pulumi login to Pulumi Cloud failed"
    stack_ref=${PULUMI_ORGANIZATION:+$PULUMI_ORGANIZATION/}$stack
    ;;
  *) usage_error "PULUMI_BACKEND must be azblob or cloud (found '$PULUMI_BACKEND')" ;;
esac

cd "$cwd"
# The policy pack judges every preview and up with the stack's own rule levels and exemptions
# (advisory in dev, mandatory in prod); the exemption list goes into the PR report.
read -r -a cli <<<"${DELIVERY_CLI:-node $SCRIPTS_DIR/../../bin/delivery.js}"

if [[ $command == up ]]; then
  require_env SYSTEM_ACCESSTOKEN SYSTEM_OIDCREQUESTURI AZURESUBSCRIPTION_SERVICE_CONNECTION_ID
  bridge_token=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  port_file="$out/.oidc-bridge-port"
  rm -f "$port_file"
  OIDC_BRIDGE_TOKEN=$bridge_token "${cli[@]}" oidc-bridge --port-file "$port_file" &
  bridge_pid=$!
  trap 'kill "$bridge_pid" 2>/dev/null || true' EXIT
  for ((i = 0; i < 100; i++)); do [[ -s $port_file ]] && break; sleep 0.1; done
  [[ -s $port_file ]] || tool_failure "delivery oidc-bridge did not start (no port in $port_file)"
  bridge_url="http://127.0.0.1:$(<"$port_file")/oidc"
  unset ARM_OIDC_TOKEN SYSTEM_ACCESSTOKEN
  export ARM_OIDC_REQUEST_URL=$bridge_url ARM_OIDC_REQUEST_TOKEN=$bridge_token \
    ACTIONS_ID_TOKEN_REQUEST_URL=$bridge_url ACTIONS_ID_TOKEN_REQUEST_TOKEN=$bridge_token \
    ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID=$AZURESUBSCRIPTION_SERVICE_CONNECTION_ID
  log "providers fetch fresh assertions through the OIDC bridge on ${bridge_url%/oidc}"
fi
"${cli[@]}" policy-config "$stack" --out "$out/policy-config.json" || tool_failure "delivery policy-config for stack $stack failed"
"${cli[@]}" policy-config "$stack" --exemptions-markdown --out "$out/policy-exemptions.md" || tool_failure "delivery policy-config --exemptions-markdown for stack $stack failed"
common=(--stack "$stack_ref" --non-interactive --event-log "$out/events.jsonl" --policy-pack policy --policy-pack-config "$out/policy-config.json")
set +e
case $command in
  preview) pulumi preview "${common[@]}" --json >"$out/preview.json" ;;
  refresh-preview) pulumi preview "${common[@]}" --refresh --json >"$out/preview.json" ;;
  up) pulumi up "${common[@]}" --refresh --yes --diff ;;
esac
rc=$?
set -e
((rc == 0)) || tool_failure "pulumi $command for stack $stack failed (exit $rc); event log: $out/events.jsonl"
log "pulumi $command for stack $stack done; output in $out"
