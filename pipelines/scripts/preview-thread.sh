#!/usr/bin/env bash
# Renders the preview of every stack into one Markdown report (delivery preview-report: risky changes
# first, secrets masked, within Azure DevOps' comment limit) and upserts it as the one PR thread
# (delivery pr-thread). Outside a pull-request run of an Azure Repos repository it only writes the
# report into the run summary.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: preview-thread.sh --artifacts DIR --out FILE [--cost-dir DIR]
  DIR holds one folder per stack named preview-<stack>, each with preview.json (and, when the run
  wrote them, events.jsonl — preferred: it carries the policy violations — and policy-exemptions.md)
  --cost-dir: where cost-estimates.sh wrote cost-after.json (and cost-before.json); the report then
  shows each stack's monthly cost before and after
  env: BUILD_REASON, BUILD_REPOSITORY_PROVIDER, SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT,
       BUILD_REPOSITORY_ID, SYSTEM_PULLREQUEST_PULLREQUESTID, SYSTEM_ACCESSTOKEN;
       DELIVERY_CLI (default: node <repo>/bin/delivery.js)
exit: 0 posted (or not a PR run) · 2 usage or no previews · 3 a tool failed
EOF2
}
artifacts="" out="" cost_dir=""
while (($#)); do
  case $1 in
    --cost-dir) cost_dir=$(arg_value "$@"); shift 2 ;;
    --artifacts) artifacts=$(arg_value "$@"); shift 2 ;;
    --out) out=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -d $artifacts ]] || usage_error "--artifacts must name a folder"
[[ -n $out ]] || usage_error "--out is required"
read -r -a cli <<<"${DELIVERY_CLI:-node $SCRIPTS_DIR/../../bin/delivery.js}"

args=()
for dir in "$artifacts"/preview-*/; do
  stack=$(basename "$dir"); stack=${stack#preview-}
  if [[ -s $dir/events.jsonl ]]; then args+=(--stack "$stack=${dir}events.jsonl")
  elif [[ -f $dir/preview.json ]]; then args+=(--stack "$stack=${dir}preview.json")
  else continue; fi
done
((${#args[@]})) || usage_error "no preview-<stack>/preview.json under $artifacts"
if [[ -n $cost_dir && -s $cost_dir/cost-after.json ]]; then
  [[ -s $cost_dir/cost-before.json ]] && args+=(--cost-before "$cost_dir/cost-before.json")
  args+=(--cost-after "$cost_dir/cost-after.json")
fi
"${cli[@]}" preview-report "${args[@]}" --out "$out" || tool_failure "preview-report failed"
# Exemptions live in the stacks' config, not in preview output: list them under the report.
for md in "$artifacts"/preview-*/policy-exemptions.md; do
  [[ -f $md ]] && { printf '\n'; cat "$md"; } >>"$out"
done
# The digest of each stack's saved plan: the deploy run of a gated stack previews again after the
# merge and publishes the digest of the plan it will apply in its own run summary (the approval
# instructions point there); a different digest there means the state or program moved since review.
digests=("$artifacts"/preview-*/plan.sha256)
if [[ -f ${digests[0]} ]]; then
  {
    printf '\n### Saved plans (sha256 of `pulumi preview --save-plan`)\n\n| stack | plan sha256 |\n|---|---|\n'
    for f in "${digests[@]}"; do
      stack=$(basename "$(dirname "$f")"); stack=${stack#preview-}
      printf '| %s | `%s` |\n' "$stack" "$(head -c 64 "$f")"
    done
  } >>"$out"
fi
printf '##vso[task.uploadsummary]%s\n' "$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

if [[ ${BUILD_REASON:-} != PullRequest || ${BUILD_REPOSITORY_PROVIDER:-} != TfsGit ]]; then
  log "not an Azure Repos pull-request run (reason '${BUILD_REASON:-}', provider '${BUILD_REPOSITORY_PROVIDER:-}'): report kept in the run summary only"
  exit 0
fi
require_env SYSTEM_COLLECTIONURI SYSTEM_TEAMPROJECT BUILD_REPOSITORY_ID SYSTEM_PULLREQUEST_PULLREQUESTID SYSTEM_ACCESSTOKEN
"${cli[@]}" pr-thread --collection-url "$SYSTEM_COLLECTIONURI" --project "$SYSTEM_TEAMPROJECT" \
  --repository "$BUILD_REPOSITORY_ID" --pull-request "$SYSTEM_PULLREQUEST_PULLREQUESTID" --body-file "$out" \
  || tool_failure "pr-thread failed"
