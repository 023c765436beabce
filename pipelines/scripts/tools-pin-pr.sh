#!/usr/bin/env bash
# Opens (or updates) the ONE tools-pin pull request: commits the lock file written by
# `delivery tools-pin` to the branch tools-pin/update, force-pushes it (a new push resets approvals:
# what merges is what was reviewed) and creates the pull request with `az repos pr create`, or updates
# the description of the one already open. Nothing changed: nothing is pushed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: tools-pin-pr.sh --lock FILE --body FILE --target-branch REF
  env: SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_NAME (set on an agent; export them on a workstation)
       SYSTEM_ACCESSTOKEN (pipeline: pushes and calls az repos with it) or, on a workstation, your own git
       credentials and AZURE_DEVOPS_EXT_PAT
exit: 0 pull request opened or updated, or nothing to pin · 2 usage · 3 git or az failed
EOF2
}
lock="" body="" target=""
while (($#)); do
  case $1 in
    --lock) lock=$(arg_value "$@"); shift 2 ;;
    --body) body=$(arg_value "$@"); shift 2 ;;
    --target-branch) target=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -n $lock && -n $target ]] || usage_error "--lock and --target-branch are required"
[[ -f $lock ]] || usage_error "--lock $lock is not a file"

if git diff --quiet -- "$lock"; then
  log "tools-pin: $lock unchanged, no pull request"
  exit 0
fi
[[ -n $body && -s $body ]] || usage_error "--body must name the description written by delivery tools-pin --pr-body"
require_env SYSTEM_COLLECTIONURI SYSTEM_TEAMPROJECT BUILD_REPOSITORY_NAME
readonly BRANCH=tools-pin/update
target=${target#refs/heads/}

auth=()
if [[ -n ${SYSTEM_ACCESSTOKEN:-} ]]; then
  # The job token as a header for this one push; never written to .git/config.
  auth=(-c "http.extraheader=AUTHORIZATION: bearer $SYSTEM_ACCESSTOKEN")
  export AZURE_DEVOPS_EXT_PAT=$SYSTEM_ACCESSTOKEN
fi
git -c user.name="tools-pin" -c user.email="tools-pin@pipelines.invalid" commit --quiet -m "tools-pin: verified tool pins" -- "$lock" \
  || tool_failure "git commit of $lock failed"
git "${auth[@]}" push --quiet --force origin "HEAD:refs/heads/$BRANCH" || tool_failure "git push to $BRANCH failed (the build identity needs Contribute and Create branch on this repository)"

ado=(--org "$SYSTEM_COLLECTIONURI" --project "$SYSTEM_TEAMPROJECT")
existing=$(az repos pr list "${ado[@]}" --repository "$BUILD_REPOSITORY_NAME" --source-branch "$BRANCH" --status active --query "[0].pullRequestId" -o tsv) \
  || tool_failure "az repos pr list failed (is the azure-devops extension installed and the token allowed to read pull requests?)"
if [[ -n $existing ]]; then
  [[ $existing =~ ^[0-9]+$ ]] || tool_failure "unexpected pull request id '$existing' from az repos pr list"
  az repos pr update --org "$SYSTEM_COLLECTIONURI" --id "$existing" --description "$(<"$body")" --output none \
    || tool_failure "az repos pr update of pull request $existing failed"
  log "tools-pin: updated pull request $existing"
else
  az repos pr create "${ado[@]}" --repository "$BUILD_REPOSITORY_NAME" --source-branch "$BRANCH" --target-branch "$target" \
    --title "tools-pin: verified tool pins" --description "$(<"$body")" --output none \
    || tool_failure "az repos pr create failed (the build identity needs Contribute to pull requests)"
  log "tools-pin: opened a pull request from $BRANCH into $target"
fi
