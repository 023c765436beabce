#!/usr/bin/env bash
# Imports a private stack's bootstrap image by digest from the promotion source's registry
# (`az acr import --registry <source id>`): run by `pulumi up` (ImportedBootstrapImage, a
# @pulumi/command local.Command) with the az session of whoever runs it — the Owner on day one
# (scripts/bootstrap.sh), the stack's deploy identity in the pipelines. Only management-plane calls:
# the runner may sit outside the VNet of either registry (release-pipeline-commands.md §7).
#   1. reads both registries through ARM: the source must export (exportPolicy enabled), a target
#      that refuses public traffic must let trusted services through;
#   2. imports <source repository>@<digest> as <target repository>:<tag> (--force: a re-run or a new
#      source digest moves the bootstrap tag; by digest, the target holds exactly that manifest).
# The import's long-running operation is awaited; its result is the verdict (reading the tag back is
# a data-plane call this runner cannot make). Nothing is written before the import, and a refused
# import copies nothing, so a failure leaves the target as it was.
# env: TARGET_REGISTRY_ID, SOURCE_REGISTRY_ID, SOURCE_STACK, SOURCE_REPOSITORY, DIGEST,
#      TARGET_REPOSITORY, TARGET_TAG
# exit: 0 imported · 1 the source cannot serve the import (export disabled, image missing) or the
#       target blocks trusted services · 2 bad input · 3 an az call failed (a refused one names the role)
set -euo pipefail

readonly EXIT_FINDING=1 EXIT_USAGE=2 EXIT_TOOL=3
# Same-tenant import needs it on the source AND the target (577a9874-89fd-4f24-9dbd-b5034d0ad23a);
# Contributor (importImage/action) on the target plus Reader on the source also does (pitfall 14).
readonly IMPORT_ROLE="Container Registry Data Importer and Data Reader"
readonly REGISTRY_ID='^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.ContainerRegistry/registries/([^/]+)$'

die() { local code=$1; shift; printf 'acr-import-bootstrap: error: %s\n' "$*" >&2; exit "$code"; }
lower() { tr '[:upper:]' '[:lower:]' <<<"$1"; }

missing=()
for v in TARGET_REGISTRY_ID SOURCE_REGISTRY_ID SOURCE_STACK SOURCE_REPOSITORY DIGEST TARGET_REPOSITORY TARGET_TAG; do
  [[ -n ${!v:-} ]] || missing+=("$v")
done
((${#missing[@]} == 0)) || die "$EXIT_USAGE" "environment ${missing[*]} not set: this script is run by ImportedBootstrapImage (infra/platform/bootstrap-image-import.ts), which sets TARGET_REGISTRY_ID, SOURCE_REGISTRY_ID, SOURCE_STACK, SOURCE_REPOSITORY, DIGEST, TARGET_REPOSITORY and TARGET_TAG"
shopt -s nocasematch
[[ $SOURCE_REGISTRY_ID =~ $REGISTRY_ID ]] ||
  die "$EXIT_USAGE" "SOURCE_REGISTRY_ID (stack $SOURCE_STACK's output bootstrapImage.registryId): expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>; found '$SOURCE_REGISTRY_ID'"
[[ $TARGET_REGISTRY_ID =~ $REGISTRY_ID ]] ||
  die "$EXIT_USAGE" "TARGET_REGISTRY_ID: expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>; found '$TARGET_REGISTRY_ID'"
target_subscription=${BASH_REMATCH[1]} target_group=${BASH_REMATCH[2]} target_name=${BASH_REMATCH[3]}
shopt -u nocasematch
[[ $DIGEST =~ ^sha256:[0-9a-f]{64}$ ]] ||
  die "$EXIT_USAGE" "DIGEST (stack $SOURCE_STACK's output bootstrapImage.digest): expected sha256:<64 lowercase hex>; found '$DIGEST'"
repo_re='^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$'
[[ $SOURCE_REPOSITORY =~ $repo_re && $TARGET_REPOSITORY =~ $repo_re ]] ||
  die "$EXIT_USAGE" "SOURCE_REPOSITORY and TARGET_REPOSITORY: expected lowercase repository paths; found '$SOURCE_REPOSITORY' and '$TARGET_REPOSITORY'"
[[ $TARGET_TAG =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "$EXIT_USAGE" "TARGET_TAG: expected a Docker tag; found '$TARGET_TAG'"

# Runs az with its answer in $out; a failure exits 3 with the caller's context, a refusal (ARM's
# AuthorizationFailed names the scope) as the role that is missing there.
out=""
run_az() {
  local context=$1 err rc=0 scope; shift
  err=$(mktemp)
  out=$(az "$@" 2>"$err") || rc=$?
  if ((rc)); then
    cat "$err" >&2
    scope=$(sed -n "s/.*does not have authorization to perform action '[^']*' over scope '\([^']*\)'.*/\1/p" "$err" | head -n 1)
    if grep -q "Source image .* not found" "$err"; then
      rm -f "$err"
      die "$EXIT_FINDING" "$context: stack $SOURCE_STACK's registry has no $SOURCE_REPOSITORY@$DIGEST, although the stack's output bootstrapImage names it. Run 'pulumi up' of stack $SOURCE_STACK (it builds or imports its bootstrap image and exports its digest), then this stack's up again; nothing was imported"
    fi
    rm -f "$err"
    [[ -z $scope ]] || die "$EXIT_TOOL" "$context: the identity running 'pulumi up' lacks '$IMPORT_ROLE' on $scope. It needs that role on the source and the target registry: stack $SOURCE_STACK grants it to this stack's deploy identity (registryPromotionTarget) on its next up; the Owner running the first up has it through Owner. Nothing was imported"
    die "$EXIT_TOOL" "$context (az exit $rc); nothing was imported"
  fi
  rm -f "$err"
}

# 1. Both registries through ARM (management plane: works from outside their networks).
run_az "reading source registry $SOURCE_REGISTRY_ID of stack $SOURCE_STACK failed" \
  acr show --ids "$SOURCE_REGISTRY_ID" --query "policies.exportPolicy.status" -o tsv
[[ $(lower "$out") != disabled ]] ||
  die "$EXIT_FINDING" "source registry $SOURCE_REGISTRY_ID (stack $SOURCE_STACK) has its export policy disabled, so nothing can import from it: registryPromotionSource must name a stack whose registry exports (registryIsPromotionSource: true); nothing was imported"
run_az "reading target registry $TARGET_REGISTRY_ID failed" \
  acr show --ids "$TARGET_REGISTRY_ID" --query "[publicNetworkAccess, networkRuleBypassOptions]" -o tsv
read -r public_access bypass <<<"$(tr '\t\n' '  ' <<<"$out")"
if [[ $(lower "$public_access") == disabled && $(lower "${bypass:-}") != azureservices ]]; then
  die "$EXIT_FINDING" "target registry $target_name refuses public traffic and does not let trusted services through (networkRuleBypassOptions '${bypass:-}', expected AzureServices): the registry service cannot import into it; nothing was imported"
fi

# 2. The import, awaited, by digest, tagged.
run_az "az acr import of $SOURCE_REPOSITORY@$DIGEST from stack $SOURCE_STACK into $target_name failed" \
  acr import --name "$target_name" --resource-group "$target_group" --subscription "$target_subscription" \
  --registry "$SOURCE_REGISTRY_ID" --source "$SOURCE_REPOSITORY@$DIGEST" --image "$TARGET_REPOSITORY:$TARGET_TAG" --force
printf 'imported %s@%s from stack %s into %s as %s:%s\n' "$SOURCE_REPOSITORY" "$DIGEST" "$SOURCE_STACK" "$target_name" "$TARGET_REPOSITORY" "$TARGET_TAG"
