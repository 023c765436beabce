#!/usr/bin/env bash
# Runs the Pulumi CLI for one stack inside AzureCLI@2 (addSpnToEnvironment: true, WIF connection).
#   preview          pulumi preview --json, plus the engine event log (PR preview)
#   refresh-preview  pulumi preview --refresh --json, plus the event log (drift detection)
#   up               pulumi up --refresh --yes, plus the event log (deploy)
#   save-plan        pulumi preview --refresh --save-plan plan.json (gated stacks, before the approval):
#                    the plan's sha256 in plan.sha256, the output variable PLAN_SHA256 and the run summary
#   up --plan FILE --expect-sha256 HEX
#                    (gated stacks, after the approval) verifies the plan file's digest, then
#                    pulumi up --refresh --plan FILE: only the approved operations, or the run fails
# Saved plans need a Pulumi CLI whose --save-plan/--plan work without PULUMI_EXPERIMENTAL (>= 3.52;
# before that an unset PULUMI_EXPERIMENTAL silently saved an empty plan, pulumi/pulumi#8889) — the
# minimum 3.259.0 in tools.lock qualifies; an empty plan is refused anyway.
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
usage: pulumi-run.sh preview|refresh-preview|save-plan|up --stack NAME --out-dir DIR [--cwd DIR]
                     [--plan FILE --expect-sha256 HEX]   (up only: apply exactly this saved plan)
  env: PULUMI_BACKEND (azblob|cloud) and its settings; idToken, servicePrincipalId, tenantId
       (AzureCLI@2 addSpnToEnvironment); for up also SYSTEM_ACCESSTOKEN, SYSTEM_OIDCREQUESTURI and
       AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (set by AzureCLI@2)
exit: 0 ok · 1 the saved plan's digest differs or the plan no longer applies (nothing outside the
      plan was applied; re-run for a new plan and approval) · 2 usage or missing settings ·
      3 pulumi failed
EOF2
}
(($#)) || usage_error "which command: preview, refresh-preview or up?"
command=$1; shift
stack="" out="" cwd=. plan="" expect_sha256=""
while (($#)); do
  case $1 in
    --stack) stack=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    --cwd) cwd=$(arg_value "$@"); shift 2 ;;
    --plan) plan=$(arg_value "$@"); shift 2 ;;
    --expect-sha256) expect_sha256=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $command =~ ^(preview|refresh-preview|save-plan|up)$ ]] || usage_error "unknown command '$command'"
if [[ -n $plan || -n $expect_sha256 ]]; then
  [[ $command == up ]] || usage_error "--plan and --expect-sha256 belong to up"
  [[ -f $plan ]] || usage_error "--plan must name the saved plan file (found '$plan')"
  [[ $expect_sha256 =~ ^[0-9a-f]{64}$ ]] || usage_error "--expect-sha256 must be the approved plan's sha256, 64 hex digits (found '$expect_sha256')"
  plan=$(cd "$(dirname "$plan")" && pwd)/$(basename "$plan")
fi
[[ $stack =~ ^[A-Za-z0-9_.-]+$ ]] || usage_error "--stack must be a stack name (found '$stack')"
[[ -n $out ]] || usage_error "--out-dir is required"
# The digest is checked before anything logs in: a plan file that is not the approved one changes nothing.
if [[ -n $plan ]]; then
  actual=$(sha256sum "$plan" | cut -d' ' -f1)
  [[ $actual == "$expect_sha256" ]] || fail "the plan file's sha256 is $actual, but the approved plan's is $expect_sha256: nothing was applied. Re-run the pipeline: a new preview, a new plan and a new approval."
  log "plan file verified: sha256 $actual is the approved plan"
fi
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
  # The PR preview saves its plan too: its digest goes into the PR report (what the reviewers saw).
  preview) pulumi preview "${common[@]}" --save-plan "$out/plan.json" --json >"$out/preview.json" ;;
  refresh-preview) pulumi preview "${common[@]}" --refresh --json >"$out/preview.json" ;;
  save-plan) pulumi preview "${common[@]}" --refresh --save-plan "$out/plan.json" --json >"$out/preview.json" ;;
  up)
    if [[ -n $plan ]]; then
      pulumi up "${common[@]}" --refresh --plan "$plan" --yes --diff 2>&1 | tee "$out/up.log"
      rc=${PIPESTATUS[0]}
    else
      pulumi up "${common[@]}" --refresh --yes --diff
    fi
    ;;
esac
rc=${rc:-$?}
set -e
if ((rc != 0)) && [[ -n $plan ]] && grep -Eq 'violates plan|not allowed by the plan|Expected resource operations for' "$out/up.log" "$out/events.jsonl" 2>/dev/null; then
  fail "the approved plan no longer applies to stack $stack (the program or the live state changed since the preview); pulumi stopped at the first operation outside the plan, so nothing outside it was applied. Re-run the pipeline: a new preview, a new plan and a new approval."
fi
((rc == 0)) || tool_failure "pulumi $command for stack $stack failed (exit $rc); event log: $out/events.jsonl"
if [[ $command == preview && -s $out/plan.json ]]; then
  sha256sum "$out/plan.json" | cut -d' ' -f1 >"$out/plan.sha256"
fi
if [[ $command == save-plan ]]; then
  # An empty plan would constrain nothing (older CLIs without PULUMI_EXPERIMENTAL wrote one).
  tr -d ' \t\r\n' <"$out/plan.json" | grep -q '"resourcePlans":{"' || tool_failure "pulumi wrote a plan without resource plans for stack $stack; refusing to offer it for approval"
  digest=$(sha256sum "$out/plan.json" | cut -d' ' -f1)
  printf '%s\n' "$digest" >"$out/plan.sha256"
  set_variable PLAN_SHA256 "$digest" true
  {
    printf '### Saved plan of stack `%s`\n\n' "$stack"
    printf 'sha256 `%s`\n\n' "$digest"
    printf 'After approval the deployment verifies this digest and runs `pulumi up --plan`: exactly these operations, or the run fails and asks for a new approval.\n\n'
    # What the plan changes, in the PR report's form (risky changes first, secrets masked).
    "${cli[@]}" preview-report --stack "$stack=$out/events.jsonl" || printf '(The change summary could not be rendered; see the preview.json artifact.)\n'
  } >"$out/plan-summary.md"
  printf '##vso[task.uploadsummary]%s\n' "$out/plan-summary.md"
fi
log "pulumi $command for stack $stack done; output in $out"
