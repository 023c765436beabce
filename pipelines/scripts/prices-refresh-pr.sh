#!/usr/bin/env bash
# Refreshes the price snapshot (delivery prices --refresh: the meters the stacks' plans use, from the
# Azure Retail Prices API) and, when prices/retail-prices.json changed, commits it on a new branch,
# pushes it and opens a pull request into the target branch. Unchanged prices: nothing is pushed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: prices-refresh-pr.sh --target REF
  REF: the branch the pull request goes into (refs/heads/main); run from the repository root, on a
  checkout whose git credentials may push (persistCredentials)
  env: SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID, SYSTEM_ACCESSTOKEN;
       DELIVERY_CLI (default: node <repo>/bin/delivery.js)
exit: 0 pull request opened or prices unchanged · 2 usage · 3 the refresh, push or PR creation failed
EOF2
}
target=""
while (($#)); do
  case $1 in
    --target) target=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $target == refs/heads/* ]] || usage_error "--target must be a branch ref such as refs/heads/main"
require_env SYSTEM_COLLECTIONURI SYSTEM_TEAMPROJECT BUILD_REPOSITORY_ID SYSTEM_ACCESSTOKEN
read -r -a cli <<<"${DELIVERY_CLI:-node $SCRIPTS_DIR/../../bin/delivery.js}"
snapshot=prices/retail-prices.json

"${cli[@]}" prices --refresh || tool_failure "delivery prices --refresh failed; the snapshot is unchanged"
if git diff --quiet -- "$snapshot"; then
  log "prices unchanged: no pull request"
  exit 0
fi

branch="prices/refresh-$(date -u +%Y-%m-%d)"
git checkout --quiet -b "$branch"
git add -- "$snapshot"
git -c user.name="pinecone-delivery prices" -c user.email="prices@pinecone-delivery.invalid" \
  commit --quiet -m "Price snapshot refresh $(date -u +%Y-%m-%d) (delivery prices --refresh)"
git push --quiet origin "HEAD:refs/heads/$branch" || tool_failure "git push of $branch failed (does the build service have Contribute and Create branch?)"

title="Price snapshot refresh $(date -u +%Y-%m-%d)"
description="delivery prices --refresh fetched the Azure retail prices of the meters the stacks use. The PR report shows what the new prices do to each stack's monthly estimate."
body=$(printf '{"sourceRefName":%s,"targetRefName":%s,"title":%s,"description":%s}' \
  "$(json_string "refs/heads/$branch")" "$(json_string "$target")" "$(json_string "$title")" "$(json_string "$description")")
url="${SYSTEM_COLLECTIONURI%/}/${SYSTEM_TEAMPROJECT// /%20}/_apis/git/repositories/$BUILD_REPOSITORY_ID/pullrequests?api-version=7.1"
# The token goes in through a file descriptor, never on the command line (visible in the process list).
curl -sS --fail-with-body --max-time 60 -X POST -H @<(printf 'Authorization: Bearer %s\n' "$SYSTEM_ACCESSTOKEN") \
  -H 'Content-Type: application/json' --data "$body" "$url" >/dev/null \
  || tool_failure "creating the pull request from $branch failed (does the build service have Contribute to pull requests?)"
log "pull request opened: $branch → $target"
