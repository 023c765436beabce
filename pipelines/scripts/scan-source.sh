#!/usr/bin/env bash
# Source scans before the image is built.
#   sca   dependency vulnerabilities (SCA), licences and committed secrets with Trivy; any HIGH or
#         CRITICAL finding fails (Trivy rates forbidden licences CRITICAL and restricted ones HIGH, so
#         this is also the licence check)
#   sast  static analysis with Semgrep, run from the container image pinned by digest in tools.lock
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: scan-source.sh sca  --source DIR --report-dir DIR
       scan-source.sh sast --source DIR --report-dir DIR [--config RULES]
  --config RULES   Semgrep rule set (default: p/default; a path inside the source works too)
exit: 0 clean · 1 findings · 2 usage · 3 the scanner failed
EOF2
}

(($#)) || usage_error "which scan: sca or sast?"
mode=$1; shift
source_dir="" report_dir="" config=p/default
while (($#)); do
  case $1 in
    --source) (($# >= 2)) || usage_error "--source needs a folder"; source_dir=$2; shift 2 ;;
    --report-dir) (($# >= 2)) || usage_error "--report-dir needs a folder"; report_dir=$2; shift 2 ;;
    --config) (($# >= 2)) || usage_error "--config needs a rule set"; config=$2; shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -d $source_dir ]] || usage_error "--source must name a folder"
[[ -n $report_dir ]] || usage_error "--report-dir is required"
mkdir -p "$report_dir"

case $mode in
  sca)
    set +e
    trivy fs --scanners vuln,license,secret --severity HIGH,CRITICAL --exit-code 2 \
      --format json --output "$report_dir/trivy-source.json" "$source_dir"
    rc=$?
    set -e
    case $rc in
      0) log "SCA, licence and secret scan: no HIGH or CRITICAL finding" ;;
      2) fail "SCA/licence/secret scan found HIGH or CRITICAL findings (report: $report_dir/trivy-source.json)" ;;
      *) tool_failure "trivy fs failed with exit code $rc" ;;
    esac
    ;;
  sast)
    image=$("$SCRIPTS_DIR/install-tool.sh" --image-ref semgrep)
    src=$(cd "$source_dir" && pwd)
    out=$(mkdir -p "$report_dir" && cd "$report_dir" && pwd)
    set +e
    docker run --rm -v "$src:/src:ro" -v "$out:/out" -w /src "$image" \
      semgrep scan --config "$config" --error --severity ERROR --metrics off --sarif --output /out/semgrep.sarif
    rc=$?
    set -e
    case $rc in
      0) log "SAST: no blocking finding" ;;
      1) fail "SAST found blocking (ERROR severity) findings (report: $report_dir/semgrep.sarif)" ;;
      *) tool_failure "semgrep failed with exit code $rc" ;;
    esac
    ;;
  *) usage_error "unknown scan '$mode' (expected sca or sast)" ;;
esac
