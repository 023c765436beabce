#!/usr/bin/env bash
# Drift gate for one stack: drift report (release-owned fields are expected, not drift), the run
# summary tab, the stack's one drift work item opened, updated or closed (with the failed readiness
# checks of readiness-gate.sh --record-only, when given), then the verdict: exit 1 on unexpected
# drift or a not-ready platform so the scheduled run fails.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: drift-gate.sh --stack NAME --preview FILE --out-dir DIR [--readiness FILE]
  env: SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, SYSTEM_ACCESSTOKEN, RUN_URL;
       DELIVERY_CLI (default: node <repo>/bin/delivery.js)
exit: 0 no unexpected drift and ready · 1 unexpected drift or not ready · 2 usage or bad preview ·
      3 a tool failed
EOF2
}
stack="" preview="" out="" readiness=""
while (($#)); do
  case $1 in
    --stack) stack=$(arg_value "$@"); shift 2 ;;
    --preview) preview=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    --readiness) readiness=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -n $stack && -n $out ]] || usage_error "--stack and --out-dir are required"
[[ -f $preview ]] || usage_error "--preview must name the refresh preview file (found '$preview')"
require_env SYSTEM_COLLECTIONURI SYSTEM_TEAMPROJECT SYSTEM_ACCESSTOKEN RUN_URL
read -r -a cli <<<"${DELIVERY_CLI:-node $SCRIPTS_DIR/../../bin/delivery.js}"
mkdir -p "$out"
out=$(cd "$out" && pwd)

set +e
"${cli[@]}" drift-report --stack "$stack=$preview" --json --out "$out/drift.json"
verdict=$?
set -e
((verdict <= 1)) || { error "drift report for $stack failed (exit $verdict)"; exit "$verdict"; }
"${cli[@]}" drift-report --stack "$stack=$preview" --out "$out/drift.md" || true
[[ ! -f $out/drift.md ]] || printf '##vso[task.uploadsummary]%s\n' "$out/drift.md"

# A readiness report that is missing (Azure unreachable: readiness-gate.sh failed the step) is not "ready".
readiness_args=()
if [[ -n $readiness ]]; then
  [[ -f $readiness ]] || tool_failure "no readiness report at $readiness (readiness of $stack is unknown)"
  readiness_args=(--readiness "$readiness")
fi
"${cli[@]}" work-item --collection-url "$SYSTEM_COLLECTIONURI" --project "$SYSTEM_TEAMPROJECT" \
  --stack "$stack" --report "$out/drift.json" --run-url "$RUN_URL" "${readiness_args[@]}" || tool_failure "updating the drift work item of $stack failed"

if [[ -n $readiness ]] && grep -q '"ready": false' "$readiness"; then
  printf '##vso[build.addbuildtag]not-ready-%s\n' "$stack"
  ((verdict == 1)) || fail "stack $stack is not ready to swap (see the run summary and the stack's drift work item)"
fi

if ((verdict == 1)); then
  printf '##vso[build.addbuildtag]drift-%s\n' "$stack"
  fail "unexpected drift in stack $stack (see the run summary and the stack's drift work item)"
fi
log "stack $stack: no unexpected drift"
