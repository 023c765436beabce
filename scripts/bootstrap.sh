#!/usr/bin/env bash
# Bootstrap: run ONCE by a subscription Owner. Takes an empty subscription and Azure DevOps
# organisation to the point where the pipelines can run every stack:
#   1. resource providers the program needs are registered;
#   2. the Pulumi state (storage account + container, read from pipelines/infra-deploy.yml) exists with
#      versioning, blob and container soft delete, no public blob access, TLS 1.2, Entra-only access;
#   3. the secrets-provider vault (RBAC, purge protection) holds one key per stack, named by each
#      Pulumi.<stack>.yaml `secretsprovider:`;
#   4. the Azure DevOps project and the repositories the program reads exist;
#   5. per stack, in the order infra-deploy.yml deploys them: `pulumi stack init` with that secrets
#      provider, the stack's FIRST `pulumi up` as the Owner (it creates the stack's deploy and preview
#      identities), then those identities' rights on the state and on the stack's key — granted here,
#      outside the stack, because an identity must not be able to widen its own access to the state.
#      A private stack's first up imports its bootstrap image from its promotion source
#      (registryPromotionSource), so that stack must have had its up first: checked before the up.
# Every step looks before it changes: re-running changes nothing; a run stopped midway (a failed call,
# an unset stack secret) is finished by running it again.
set -euo pipefail

readonly EXIT_USAGE=2 EXIT_TOOL=3
ROOT=${BOOTSTRAP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

usage() {
  cat <<'EOF2'
usage: scripts/bootstrap.sh [--dry-run] [--stack NAME]... [--resource-group NAME]
  --dry-run            check everything, print what would be created, change nothing
  --stack NAME         bootstrap only these stacks (repeatable; default: every stack, in the
                       order pipelines/infra-deploy.yml deploys them)
  --resource-group RG  resource group of the state account and vault (default: rg-pcpro-pulumi)
  needs: az logged in as an Owner of the target subscription (az account set -s <id>), the az
         extension azure-devops, `npm ci` done, Docker running when a public stack is bootstrapped
         (it builds its bootstrap image; private stacks import theirs), AZDO_PERSONAL_ACCESS_TOKEN (a
         PAT of an Azure DevOps Project Collection Administrator, for the first `pulumi up` of each stack)
exit: 0 done (or nothing left to do) · 2 a precondition is missing (login, Owner, extension, PAT, Docker,
      an unset stack secret, inconsistent stack files, a private stack's promotion source without
      its first up) · 3 an az or pulumi call failed;
      after fixing the cause, run it again: it continues where it stopped
EOF2
}

log() { printf '%s\n' "$*" >&2; }
die() { local code=$1; shift; log "bootstrap: error: $*"; exit "$code"; }
usage_error() { log "bootstrap: error: $*"; usage >&2; exit "$EXIT_USAGE"; }
pause() { sleep "${BOOTSTRAP_SLEEP_SECONDS:-$1}"; }

dry_run=false resource_group=rg-pcpro-pulumi
only_stacks=()
while (($#)); do
  case $1 in
    --dry-run) dry_run=true; shift ;;
    --stack) [[ $# -ge 2 && -n $2 && $2 != --* ]] || usage_error "--stack needs a stack name"; only_stacks+=("$2"); shift 2 ;;
    --resource-group) [[ $# -ge 2 && -n $2 && $2 != --* ]] || usage_error "--resource-group needs a name"; resource_group=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done

# Runs a command that changes something, or only prints it under --dry-run.
change() {
  if $dry_run; then log "would run: $*"; return 0; fi
  log "+ $*"
  "$@" >&2 || die "$EXIT_TOOL" "'$*' failed; fix the cause and run the bootstrap again (everything done so far is kept)"
}
# Same, retried: new role assignments and role definitions take a minute to reach every region.
change_retry() {
  if $dry_run; then change "$@"; return 0; fi
  local attempt
  for attempt in 1 2 3 4 5 6; do
    log "+ $*"
    if "$@" >&2; then return 0; fi
    ((attempt < 6)) && { log "  not yet (role propagation?); retrying in 20 s"; pause 20; }
  done
  die "$EXIT_TOOL" "'$*' failed 6 times; fix the cause and run the bootstrap again"
}
# az prints booleans as True/False in tsv and separates values by tabs or lines: one comparable line.
normalized() { tr -s '\t\n' '  ' <<<"$1" | sed 's/ *$//' | tr '[:upper:]' '[:lower:]'; }
# Runs a read-only az call; a failure stops the bootstrap (exit 3) naming the call.
read_az() { az "$@" || die "$EXIT_TOOL" "'az $*' failed"; }

# --- facts from the repository (never hard-coded: the stack files and pipelines are the truth)
pipeline_variable() {
  awk -v name="$1" '$0 ~ "- name: " name "$" { getline; sub(/^ *value: */, ""); print; exit }' "$ROOT/pipelines/infra-deploy.yml"
}
stack_value() { sed -n "s/^  pinecone-delivery:$2: *//p" "$ROOT/Pulumi.$1.yaml" | head -n1; }
# A one-word value without a trailing comment (stack names, booleans).
stack_word() { sed -n "s/^ *pinecone-delivery:$2: *\([A-Za-z0-9_.-]*\).*/\1/p" "$ROOT/Pulumi.$1.yaml" | head -n1; }
# A private stack (privateNetwork: true) imports its bootstrap image from this stack; empty: it builds its own.
bootstrap_source() {
  local source
  [[ $(stack_word "$1" privateNetwork) == true ]] || return 0
  source=$(stack_word "$1" registryPromotionSource)
  [[ $source == none ]] || printf '%s' "$source"
}
state_account=$(pipeline_variable PULUMI_STATE_STORAGE_ACCOUNT)
state_container=$(pipeline_variable PULUMI_STATE_CONTAINER)
[[ $state_account =~ ^[a-z0-9]{3,24}$ && $state_container =~ ^[a-z0-9-]{3,63}$ ]] ||
  die "$EXIT_USAGE" "pipelines/infra-deploy.yml must set PULUMI_STATE_STORAGE_ACCOUNT and PULUMI_STATE_CONTAINER (found '$state_account', '$state_container')"

mapfile -t deploy_order < <(sed -n 's/^ *stack: *\([A-Za-z0-9_.-]*\) *$/\1/p' "$ROOT/pipelines/templates/infra-deploy.yml")
stacks=()
if ((${#only_stacks[@]})); then
  for s in "${only_stacks[@]}"; do
    [[ -f $ROOT/Pulumi.$s.yaml ]] || usage_error "--stack $s: there is no Pulumi.$s.yaml"
  done
  for s in "${deploy_order[@]}"; do [[ " ${only_stacks[*]} " == *" $s "* ]] && stacks+=("$s"); done
else
  stacks=("${deploy_order[@]}")
fi
((${#stacks[@]})) || die "$EXIT_USAGE" "pipelines/templates/infra-deploy.yml names no stack"

vault="" location=""
declare -A key_of
for s in "${stacks[@]}"; do
  provider=$(sed -n 's/^secretsprovider: *//p' "$ROOT/Pulumi.$s.yaml")
  [[ $provider =~ ^azurekeyvault://([a-z0-9-]+)\.vault\.azure\.net/keys/([A-Za-z0-9-]+)$ ]] ||
    die "$EXIT_USAGE" "Pulumi.$s.yaml: secretsprovider must be azurekeyvault://<vault>.vault.azure.net/keys/<key> (found '$provider')"
  [[ -z $vault || $vault == "${BASH_REMATCH[1]}" ]] ||
    die "$EXIT_USAGE" "Pulumi.$s.yaml uses vault ${BASH_REMATCH[1]}, another stack uses $vault: the bootstrap expects one secrets-provider vault"
  vault=${BASH_REMATCH[1]}
  key_of[$s]=${BASH_REMATCH[2]}
  [[ -n $location ]] || location=$(stack_value "$s" location)
done
first=${stacks[0]}
org_url=$(stack_value "$first" devopsOrganizationUrl)
project=$(stack_value "$first" devopsProject)
repositories=("$(stack_value "$first" infraRepository)" "$(stack_value "$first" appRepository)")
[[ -n ${repositories[0]} ]] || repositories[0]=pinecone-delivery
[[ -n ${repositories[1]} ]] || repositories[1]=pinecone-pro
[[ -n $org_url && -n $project && -n $location ]] ||
  die "$EXIT_USAGE" "Pulumi.$first.yaml must set location, devopsOrganizationUrl and devopsProject"

# Namespaces of every resource type the program (and the private network's pools) create.
# Microsoft.Authorization and Microsoft.Resources are always registered.
PROVIDERS=(
  Microsoft.Web Microsoft.ContainerRegistry Microsoft.KeyVault Microsoft.OperationalInsights
  Microsoft.Insights Microsoft.AlertsManagement Microsoft.ManagedIdentity Microsoft.Storage
  Microsoft.Network Microsoft.Logic Microsoft.DevOpsInfrastructure Microsoft.DevCenter
)
# Custom role of the preview identities: write and delete blobs, nothing else, further limited by an
# ABAC condition to the lock files (`.pulumi/locks/`). Storage Blob Data Contributor would also carry
# the container-level actions (containers/write, containers/delete) that no blob-path condition narrows.
LOCK_WRITER_ROLE="Pulumi State Lock Writer"
# Blob path attribute: @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]
# (learn.microsoft.com/azure/storage/blobs/storage-auth-abac-attributes; StringLike with a trailing
# `*` as in storage-auth-abac-examples "read, write, or delete blobs in named containers with a path").
LOCK_CONDITION="((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike '.pulumi/locks/*'))"

# --- preconditions: checked before anything changes
subscription=$(az account show --query id -o tsv 2>/dev/null) && [[ -n $subscription ]] ||
  die "$EXIT_USAGE" "az is not logged in: run 'az login' and 'az account set --subscription <id>' for the subscription to bootstrap"
az extension show --name azure-devops --query version -o tsv >/dev/null 2>&1 ||
  die "$EXIT_USAGE" "the az extension azure-devops is missing (it checks and creates the Azure DevOps project and repositories): run 'az extension add --name azure-devops'"
login_type=$(read_az account show --query user.type -o tsv)
if [[ $login_type == servicePrincipal ]]; then
  me=$(read_az ad sp show --id "$(read_az account show --query user.name -o tsv)" --query id -o tsv)
else
  me=$(read_az ad signed-in-user show --query id -o tsv)
fi
owner=$(read_az role assignment list --assignee "$me" --role Owner --scope "/subscriptions/$subscription" --include-inherited --include-groups --query "length(@)" -o tsv)
((owner > 0)) || die "$EXIT_USAGE" "the signed-in identity ($me) is not Owner of subscription $subscription; the bootstrap creates role assignments and locks, which need Owner: ask an Owner to run it"
if ! $dry_run; then
  [[ -n ${AZDO_PERSONAL_ACCESS_TOKEN:-} ]] ||
    die "$EXIT_USAGE" "AZDO_PERSONAL_ACCESS_TOKEN is not set: the first 'pulumi up' of each stack creates Azure DevOps objects; export a PAT of a Project Collection Administrator of $org_url"
  [[ -d $ROOT/node_modules ]] || die "$EXIT_USAGE" "run 'npm ci' in $ROOT first: the first 'pulumi up' runs the program"
  builders=()
  for s in "${stacks[@]}"; do [[ -n $(bootstrap_source "$s") ]] || builders+=("$s"); done
  if ((${#builders[@]})); then
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
      die "$EXIT_USAGE" "Docker is not running: the first 'pulumi up' of a public stack (${builders[*]}) builds and pushes the bootstrap image (bootstrap/); start Docker and run the bootstrap again"
  fi
fi
log "bootstrap of subscription $subscription ($location), state $state_account/$state_container, vault $vault, stacks: ${stacks[*]}$($dry_run && printf ' (dry run)')"

# --- 1. resource providers
for ns in "${PROVIDERS[@]}"; do
  state=$(read_az provider show --namespace "$ns" --query registrationState -o tsv)
  [[ $state == Registered ]] || change az provider register --namespace "$ns" --wait
done

# --- 2. state storage
# Under --dry-run nothing is created, so what would be new is not read back (it does not exist yet).
fresh_group=false
group_exists=$(read_az group exists --name "$resource_group" -o tsv)
if [[ $(normalized "$group_exists") != true ]]; then
  change az group create --name "$resource_group" --location "$location" --tags purpose=pulumi-state
  $dry_run && fresh_group=true
fi
rg_id="/subscriptions/$subscription/resourceGroups/$resource_group"
account_id="$rg_id/providers/Microsoft.Storage/storageAccounts/$state_account"
container_scope="$account_id/blobServices/default/containers/$state_container"
vault_id="$rg_id/providers/Microsoft.KeyVault/vaults/$vault"

# Public endpoint, Entra only: one account serves every stack, the Owner's first `up` runs before any
# private network exists, and Microsoft-hosted agents have no fixed addresses. Shared keys and SAS are
# off, so every read or write is an Entra identity holding a data role on the container.
account_settings=(--sku Standard_ZRS --kind StorageV2 --min-tls-version TLS1_2 --allow-blob-public-access false
  --allow-shared-key-access false --https-only true --public-network-access Enabled)
existing=""
$fresh_group || existing=$(read_az storage account list --resource-group "$resource_group" --query "[?name=='$state_account'].[minimumTlsVersion, allowBlobPublicAccess, allowSharedKeyAccess, enableHttpsTrafficOnly] | [0]" -o tsv)
if [[ -z $existing ]]; then
  change az storage account create --name "$state_account" --resource-group "$resource_group" --location "$location" "${account_settings[@]}"
  fresh_account=$dry_run
else
  fresh_account=false
  [[ $(normalized "$existing") == "tls1_2 false false true" ]] ||
    change az storage account update --name "$state_account" --resource-group "$resource_group" --min-tls-version TLS1_2 \
      --allow-blob-public-access false --allow-shared-key-access false --https-only true
fi
blob_props=""
$fresh_account || blob_props=$(read_az storage account blob-service-properties show --account-name "$state_account" --resource-group "$resource_group" \
  --query "[isVersioningEnabled, deleteRetentionPolicy.enabled, containerDeleteRetentionPolicy.enabled]" -o tsv)
[[ $(normalized "$blob_props") == "true true true" ]] ||
  change az storage account blob-service-properties update --account-name "$state_account" --resource-group "$resource_group" \
    --enable-versioning true --enable-delete-retention true --delete-retention-days 30 \
    --enable-container-delete-retention true --container-delete-retention-days 30
container=false
$fresh_account || container=$(read_az storage container-rm exists --storage-account "$state_account" --resource-group "$resource_group" --name "$state_container" --query exists -o tsv)
[[ $(normalized "$container") == true ]] ||
  change az storage container-rm create --storage-account "$state_account" --resource-group "$resource_group" --name "$state_container" --public-access off

# One delete lock on the group keeps the state account and the vault (every stack's state and keys).
lock=""
$fresh_group || lock=$(read_az lock list --resource-group "$resource_group" --query "[?name=='pulumi-state-do-not-delete'].name" -o tsv)
[[ -n $lock ]] || change az lock create --name pulumi-state-do-not-delete --lock-type CanNotDelete --resource-group "$resource_group" \
  --notes "Pulumi state and secrets-provider keys of every stack"

# --- 3. secrets-provider vault and one key per stack
vault_found=""
$fresh_group || vault_found=$(read_az keyvault list --resource-group "$resource_group" --query "[?name=='$vault'].name" -o tsv)
fresh_vault=false
if [[ -z $vault_found ]]; then
  deleted=$(read_az keyvault list-deleted --resource-type vault --query "[?name=='$vault'].name" -o tsv)
  [[ -z $deleted ]] || die "$EXIT_USAGE" "Key Vault $vault is soft-deleted (its keys hold every stack's secrets): recover it with 'az keyvault recover --name $vault', then run the bootstrap again"
  change az keyvault create --name "$vault" --resource-group "$resource_group" --location "$location" \
    --enable-rbac-authorization true --enable-purge-protection true --retention-days 90 --public-network-access Enabled
  fresh_vault=$dry_run
fi

# Role assignment, looked up (principal, role, scope) before it is created.
grant() { # principal id, principal type, role, scope, [condition]
  local principal=$1 type=$2 role=$3 scope=$4 condition=${5:-} found=0
  if [[ $scope != fresh:* ]]; then
    found=$(read_az role assignment list --scope "$scope" --role "$role" --query "[?principalId=='$principal'] | length(@)" -o tsv)
  fi
  scope=${scope#fresh:}
  ((found > 0)) && return 0
  local args=(az role assignment create --assignee-object-id "$principal" --assignee-principal-type "$type" --role "$role" --scope "$scope")
  [[ -z $condition ]] || args+=(--condition "$condition" --condition-version 2.0)
  change_retry "${args[@]}"
}
me_type=User
[[ $login_type == servicePrincipal ]] && me_type=ServicePrincipal
fresh_prefix() { if $1; then printf 'fresh:'; fi; }
# The Owner's own data-plane rights (Owner has none on blobs or keys): write state in the first `up`s,
# create the keys and encrypt each stack's config.
grant "$me" "$me_type" "Storage Blob Data Contributor" "$(fresh_prefix "$fresh_account")$container_scope"
grant "$me" "$me_type" "Key Vault Crypto Officer" "$(fresh_prefix "$fresh_vault")$vault_id"

keys=""
$fresh_vault || keys=$(read_az keyvault key list --vault-name "$vault" --query "[].name" -o tsv)
for s in "${stacks[@]}"; do
  grep -qx "${key_of[$s]}" <<<"$keys" ||
    change_retry az keyvault key create --vault-name "$vault" --name "${key_of[$s]}" --kty RSA --size 3072 --ops encrypt decrypt
done

role_found=$(read_az role definition list --custom-role-only true --name "$LOCK_WRITER_ROLE" --scope "/subscriptions/$subscription" --query "length(@)" -o tsv)
if ((role_found == 0)); then
  definition=$(mktemp)
  trap 'rm -f "$definition"' EXIT
  cat >"$definition" <<EOF2
{"Name": "$LOCK_WRITER_ROLE", "IsCustom": true,
 "Description": "Take and release the Pulumi state lock (.pulumi/locks/, enforced by the assignment's condition): write and delete blobs only.",
 "Actions": [], "NotActions": [],
 "DataActions": ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete"],
 "NotDataActions": [], "AssignableScopes": ["$account_id"]}
EOF2
  change az role definition create --role-definition "@$definition"
fi

# --- 4. Azure DevOps: the project and the repositories the program looks up
found_project=$(read_az devops project list --organization "$org_url" --query "value[?name=='$project'].name" -o tsv)
if [[ -z $found_project ]]; then
  change az devops project create --name "$project" --organization "$org_url" --source-control git --visibility private
  fresh_project=$dry_run
else
  fresh_project=false
fi
repos=""
$fresh_project || repos=$(read_az repos list --organization "$org_url" --project "$project" --query "[].name" -o tsv)
for r in "${repositories[@]}"; do
  grep -qx "$r" <<<"$repos" || change az repos create --name "$r" --organization "$org_url" --project "$project"
done

# --- 5. per stack: init, first up as the Owner, then the stack identities' rights on state and key
if $dry_run; then
  for s in "${stacks[@]}"; do log "would run: pulumi stack init $s (if absent), its first pulumi up, then grant its pipeline and preview identities"; done
  log "dry run: nothing changed"
  exit 0
fi
export AZURE_KEYVAULT_AUTH_VIA_CLI=true PULUMI_SKIP_UPDATE_CHECK=true ARM_SUBSCRIPTION_ID=$subscription
cd "$ROOT"
pulumi login "azblob://$state_container?storage_account=$state_account" >/dev/null || die "$EXIT_TOOL" "pulumi login to azblob://$state_container?storage_account=$state_account failed"
existing_stacks=$(pulumi stack ls --json) || die "$EXIT_TOOL" "pulumi stack ls failed"
read -r -a cli <<<"${DELIVERY_CLI:-node $ROOT/bin/delivery.js}"
# Every stack exists before any first up: a promotion source reads the next stack through a stack
# reference, which fails for a stack that does not exist (one without outputs yet is fine).
for s in "${stacks[@]}"; do
  grep -Eq "\"name\": *\"([^\"]*/)?$s\"" <<<"$existing_stacks" ||
    change pulumi stack init "$s" --secrets-provider "$(sed -n 's/^secretsprovider: *//p' "Pulumi.$s.yaml")"
done
first_ups=()
for s in "${stacks[@]}"; do
  # The committed secure values are placeholders encrypted with no real key: each must be set once.
  unset_secrets=()
  for key in $(awk '/^  pinecone-delivery:[A-Za-z0-9]+:$/ { k = $1 } /^    secure:/ && k { sub(/^pinecone-delivery:/, "", k); sub(/:$/, "", k); print k; k = "" }' "Pulumi.$s.yaml"); do
    pulumi config get "$key" --stack "$s" >/dev/null 2>&1 || unset_secrets+=("$key")
  done
  if ((${#unset_secrets[@]})); then
    cmds=$(printf "pulumi config set --secret --stack $s %s; " "${unset_secrets[@]}")
    die "$EXIT_USAGE" "stack $s: ${unset_secrets[*]} do not decrypt with key ${key_of[$s]} (placeholders from the repository): run $cmds then commit Pulumi.$s.yaml and run the bootstrap again"
  fi
  outputs=$(pulumi stack output identityPrincipalIds --json --stack "$s" 2>/dev/null || true)
  if [[ -z $outputs || $outputs == null ]]; then
    # The program reads the source's output bootstrapImage and fails without it; say which stack to
    # bootstrap first instead of starting an up that cannot finish.
    image_source=$(bootstrap_source "$s")
    if [[ -n $image_source ]]; then
      image=$(pulumi stack output bootstrapImage --json --stack "$image_source" 2>/dev/null || true)
      [[ -n $image && $image != null ]] ||
        die "$EXIT_USAGE" "stack $s is private and imports its bootstrap image from stack $image_source (registryPromotionSource), which has no output bootstrapImage yet: bootstrap $image_source first (it comes before $s in pipelines/templates/infra-deploy.yml: run without --stack, or with --stack $image_source), then run the bootstrap again"
    fi
    policy=$(mktemp)
    "${cli[@]}" policy-config "$s" --out "$policy" || die "$EXIT_TOOL" "delivery policy-config $s failed"
    change pulumi up --stack "$s" --yes --refresh --non-interactive --policy-pack policy --policy-pack-config "$policy"
    rm -f "$policy"
    first_ups+=("$s")
    outputs=$(pulumi stack output identityPrincipalIds --json --stack "$s") || die "$EXIT_TOOL" "pulumi stack output identityPrincipalIds --stack $s failed"
  fi
  flat=$(tr -d ' \n\t' <<<"$outputs")
  pipeline=$(sed -n 's/.*"pipeline":"\([0-9a-fA-F-]\{36\}\)".*/\1/p' <<<"$flat")
  preview=$(sed -n 's/.*"preview":"\([0-9a-fA-F-]\{36\}\)".*/\1/p' <<<"$flat")
  [[ -n $pipeline && -n $preview ]] ||
    die "$EXIT_TOOL" "stack $s: the output identityPrincipalIds has no pipeline and preview principal ids (found '$flat'); the program must export both"
  key_scope="$vault_id/keys/${key_of[$s]}"
  # Deploy identity: read and write the state (checkpoints, history, locks); encrypt and decrypt config.
  grant "$pipeline" ServicePrincipal "Storage Blob Data Contributor" "$container_scope"
  grant "$pipeline" ServicePrincipal "Key Vault Crypto User" "$key_scope"
  # Preview identity: read the state, take and release the lock only, decrypt its stack's config.
  grant "$preview" ServicePrincipal "Storage Blob Data Reader" "$container_scope"
  grant "$preview" ServicePrincipal "$LOCK_WRITER_ROLE" "$container_scope" "$LOCK_CONDITION"
  grant "$preview" ServicePrincipal "Key Vault Crypto User" "$key_scope"
  log "stack $s: ready for the pipelines"
done
# A promotion source deployed before its target's first up had no target identity to grant the
# import role to (the program warns and leaves it out): one more up of each source whose target had
# its first up in this run lands it. On a re-run nothing had a first up, so nothing runs here.
for s in "${stacks[@]}"; do
  target=$(sed -n 's/^ *pinecone-delivery:registryPromotionTarget: *\([A-Za-z0-9_.-]*\).*/\1/p' "Pulumi.$s.yaml")
  [[ -n $target && $target != none && " ${first_ups[*]} " == *" $target "* ]] || continue
  policy=$(mktemp)
  "${cli[@]}" policy-config "$s" --out "$policy" || die "$EXIT_TOOL" "delivery policy-config $s failed"
  change pulumi up --stack "$s" --yes --refresh --non-interactive --policy-pack policy --policy-pack-config "$policy"
  rm -f "$policy"
  log "stack $s: import grant for stack $target's deploy identity on this registry"
done
log "bootstrap done: the pipelines can run ${stacks[*]}"
