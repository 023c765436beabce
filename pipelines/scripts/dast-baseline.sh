#!/usr/bin/env bash
# DAST gate: OWASP ZAP baseline scan (passive) of the staging slot, from the ZAP image pinned by digest.
# zap-baseline.py exits 0 clean, 1 with FAIL alerts, 2 with WARN alerts only, 3 on errors.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: dast-baseline.sh --target URL --fail-on warn|fail [--rules FILE] --out-dir DIR
  --rules FILE   ZAP rule configuration (rule id, IGNORE|WARN|FAIL) from the application repository;
                 empty: ZAP's defaults
exit: 0 passed · 1 findings at or above --fail-on · 2 usage · 3 ZAP failed
EOF2
}
target="" fail_on=fail rules="" out=""
while (($#)); do
  case $1 in
    --target) target=$(arg_value "$@"); shift 2 ;;
    --fail-on) fail_on=$(arg_value "$@"); shift 2 ;;
    --rules) (($# >= 2)) || usage_error "--rules needs a value (may be empty)"; rules=$2; shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $target =~ ^https:// ]] || usage_error "--target must be an https URL"
[[ $fail_on =~ ^(warn|fail)$ ]] || usage_error "--fail-on must be warn or fail"
[[ -n $out ]] || usage_error "--out-dir is required"
[[ -z $rules || -f $rules ]] || usage_error "--rules names a missing file"
mkdir -p "$out"; out=$(cd "$out" && pwd)
image=$("$SCRIPTS_DIR/install-tool.sh" --image-ref zap)
extra=()
if [[ -n $rules ]]; then cp "$rules" "$out/zap-rules.conf"; extra+=(-c zap-rules.conf); fi
set +e
docker run --rm -v "$out:/zap/wrk:rw" "$image" zap-baseline.py -t "$target" -J zap.json -r zap.html "${extra[@]}"
rc=$?
set -e
case $rc in
  0) log "DAST baseline: no findings" ;;
  1) fail "DAST baseline: FAIL-level findings (report: $out/zap.html)" ;;
  2) if [[ $fail_on == warn ]]; then fail "DAST baseline: WARN-level findings (report: $out/zap.html)"; fi
     warning "DAST baseline: WARN-level findings (report: $out/zap.html)" ;;
  *) tool_failure "ZAP baseline failed with exit code $rc" ;;
esac
