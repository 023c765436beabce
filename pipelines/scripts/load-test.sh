#!/usr/bin/env bash
# Load-test gate against the staging slot with k6 (pinned in tools.lock). The thresholds are k6
# thresholds (p95 of http_req_duration, rate of http_req_failed), so k6 itself fails the run (exit 99).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: load-test.sh --script FILE --base-url URL --p95-ms N --max-error-rate FRACTION
                    [--vus N] [--duration 5m] --out-dir DIR
exit: 0 thresholds met · 1 thresholds crossed · 2 usage · 3 k6 failed
EOF2
}
script="" base_url="" p95="" error_rate="" vus=20 duration=5m out=""
while (($#)); do
  case $1 in
    --script) script=$(arg_value "$@"); shift 2 ;;
    --base-url) base_url=$(arg_value "$@"); shift 2 ;;
    --p95-ms) p95=$(arg_value "$@"); shift 2 ;;
    --max-error-rate) error_rate=$(arg_value "$@"); shift 2 ;;
    --vus) vus=$(arg_value "$@"); shift 2 ;;
    --duration) duration=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -f $script ]] || usage_error "--script must name the k6 script (found '$script')"
[[ $base_url =~ ^https:// ]] || usage_error "--base-url must be an https URL"
[[ $p95 =~ ^[1-9][0-9]*$ ]] || usage_error "--p95-ms must be a positive whole number"
[[ $error_rate =~ ^0(\.[0-9]+)?$|^1$ ]] || usage_error "--max-error-rate must be a fraction from 0 to 1"
[[ $vus =~ ^[1-9][0-9]*$ && $duration =~ ^[0-9]+[smh]$ ]] || usage_error "--vus must be a whole number and --duration like 5m"
[[ -n $out ]] || usage_error "--out-dir is required"
mkdir -p "$out"
cat >"$out/k6-options.json" <<JSON
{ "vus": $vus, "duration": $(json_string "$duration"),
  "thresholds": { "http_req_duration": [$(json_string "p(95)<$p95")], "http_req_failed": [$(json_string "rate<$error_rate")] } }
JSON
set +e
k6 run --config "$out/k6-options.json" --env "BASE_URL=$base_url" --summary-export "$out/k6-summary.json" "$script"
rc=$?
set -e
case $rc in
  0) log "load test passed: p95 < ${p95} ms, error rate < $error_rate" ;;
  99) fail "load test crossed its thresholds (p95 < ${p95} ms, error rate < $error_rate)" ;;
  *) tool_failure "k6 failed with exit code $rc" ;;
esac
