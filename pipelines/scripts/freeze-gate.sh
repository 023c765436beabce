#!/usr/bin/env bash
# Release-freeze gate, the first step of every release (app delivery template) and infra deploy
# (both infra stage templates): a stack in a freeze stops here, before anything changes. The freezes
# come from RELEASE_FREEZES in the stack's settings variable group, which the program writes (what
# the last infra deploy applied, so a commit that deletes a freeze cannot deploy itself through it).
# An emergency change passes with an override reason (the runtime parameter freezeOverrideReason,
# mapped into FREEZE_OVERRIDE_REASON — an environment variable, never pasted into the script); it is
# recorded as build tag freeze-override-<stack>, in the run summary and as a warning, and the run
# still needs the environment's approval.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: freeze-gate.sh --stack NAME --what "release"|"infra deploy" --out-dir DIR
                      [--environment NAME] [--stack-file-fallback]
  env: RELEASE_FREEZES (settings group; with --stack-file-fallback a missing value falls back to
       Pulumi.<stack>.yaml, for the infra deploy that first writes it); FREEZE_OVERRIDE_REASON;
       BUILD_REQUESTEDFOR; DELIVERY_CLI. The clock is the agent's: no variable can move "now"
       (a queue-time variable would otherwise walk a release around a freeze).
exit: 0 not frozen, or overridden with a reason · 1 frozen · 2 usage or bad freeze data · 3 a tool failed
EOF2
}
stack="" what="" out="" environment="" fallback=false
while (($#)); do
  case $1 in
    --stack) stack=$(arg_value "$@"); shift 2 ;;
    --what) what=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    --environment) environment=$(arg_value "$@"); shift 2 ;;
    --stack-file-fallback) fallback=true; shift ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $stack =~ ^[A-Za-z0-9_.-]+$ ]] || usage_error "--stack must be a stack name (found '$stack')"
[[ $what == release || $what == "infra deploy" ]] || usage_error "--what must be release or 'infra deploy' (found '$what')"
[[ -n $out ]] || usage_error "--out-dir is required"
mkdir -p "$out"
out=$(cd "$out" && pwd)
delivery_cli

# "--opt=value": a reason or list that starts with "-" stays a value.
args=(freeze-check "$stack" "--what=$what" --json "--override-reason=${FREEZE_OVERRIDE_REASON:-}")
[[ -z $environment ]] || args+=("--environment=$environment")
freezes=${RELEASE_FREEZES:-}
if [[ -z $freezes || $freezes == '$('* ]]; then
  if [[ $fallback == true ]]; then
    warning "RELEASE_FREEZES is not in the settings group of $stack yet; using the freezes of Pulumi.$stack.yaml"
  else
    args+=("--freezes=$freezes") # freeze-check refuses it (exit 2): fail closed
  fi
else
  args+=("--freezes=$freezes")
fi

set +e
"${cli[@]}" "${args[@]}" >"$out/freeze.json"
verdict=$?
set -e
case $verdict in
  0)
    if grep -q '"overridden": true' "$out/freeze.json"; then
      printf '##vso[build.addbuildtag]freeze-override-%s\n' "$stack"
      {
        printf '### Release freeze overridden on `%s`\n\n' "$stack"
        printf 'Requested by %s for this %s. Reason: %s\n\n' "${BUILD_REQUESTEDFOR:-unknown}" "$what" "${FREEZE_OVERRIDE_REASON}"
        printf 'Freeze: see freeze.json; the run needed the approval of the environment'"'"'s approvers.\n'
      } >"$out/freeze-override.md"
      printf '##vso[task.uploadsummary]%s\n' "$out/freeze-override.md"
      warning "release freeze of $stack overridden by ${BUILD_REQUESTEDFOR:-unknown}: ${FREEZE_OVERRIDE_REASON}"
    fi
    log "stack $stack: no release freeze stops this $what"
    ;;
  1) fail "stack $stack is in a release freeze; this $what stops before it changes anything (the message above names the freeze and how an emergency change gets through)" ;;
  2) error "the release freezes of $stack could not be read; nothing was changed"; exit "$EXIT_USAGE" ;;
  *) tool_failure "delivery freeze-check failed for $stack (exit $verdict); nothing was changed" ;;
esac
