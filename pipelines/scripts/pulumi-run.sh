#!/usr/bin/env bash
# Runs the Pulumi CLI for one stack inside AzureCLI@2 (addSpnToEnvironment: true, WIF connection).
#   preview          pulumi preview --json, plus the engine event log (PR preview)
#   refresh-preview  pulumi preview --refresh --json, plus the event log (drift detection)
#   up               pulumi up --refresh --yes, plus the event log (deploy)
# Every run applies the policy pack (policy/) with the config `delivery policy-config` writes.
# The providers get explicit OIDC settings (ARM_USE_OIDC, ARM_OIDC_TOKEN, ...): they cannot reuse a
# service-principal `az` login. The state backend is chosen by PULUMI_BACKEND:
#   azblob  azblob://$PULUMI_STATE_CONTAINER?storage_account=$PULUMI_STATE_STORAGE_ACCOUNT (az session;
#           the backend ignores ARM_*)
#   cloud   Pulumi Cloud with the secret PULUMI_ACCESS_TOKEN (optional PULUMI_ORGANIZATION)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: pulumi-run.sh preview|refresh-preview|up --stack NAME --out-dir DIR [--cwd DIR]
  env: PULUMI_BACKEND (azblob|cloud) and its settings; idToken, servicePrincipalId, tenantId
       (AzureCLI@2 addSpnToEnvironment)
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
