#!/usr/bin/env bash
# Vulnerability scan of the built image before it is pushed: any HIGH or CRITICAL finding fails the
# build (fixed or not; exceptions only through a reviewed .trivyignore in the application repository).
# Trivy returns --exit-code only for findings that remain after the filters; fatal errors exit 1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: scan-image.sh --image REF --report-dir DIR [--ignore-file FILE]
  --image REF        image in the local Docker daemon (repo:tag) or a registry reference
  --ignore-file FILE Trivy ignore file with reviewed exceptions (default: none)
exit: 0 clean · 1 HIGH/CRITICAL vulnerabilities · 2 usage · 3 the scanner failed
EOF2
}

image="" report_dir="" ignore_file=""
while (($#)); do
  case $1 in
    --image) (($# >= 2)) || usage_error "--image needs a reference"; image=$2; shift 2 ;;
    --report-dir) (($# >= 2)) || usage_error "--report-dir needs a folder"; report_dir=$2; shift 2 ;;
    --ignore-file) (($# >= 2)) || usage_error "--ignore-file needs a file"; ignore_file=$2; shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -n $image ]] || usage_error "--image is required"
[[ -n $report_dir ]] || usage_error "--report-dir is required"
mkdir -p "$report_dir"
extra=()
if [[ -n $ignore_file && -f $ignore_file ]]; then extra+=(--ignorefile "$ignore_file"); fi

set +e
trivy image --scanners vuln --severity HIGH,CRITICAL --exit-code 2 "${extra[@]}" \
  --format json --output "$report_dir/trivy-image.json" "$image"
rc=$?
set -e
case $rc in
  0) log "image scan: no HIGH or CRITICAL vulnerability in $image" ;;
  2) fail "image $image has HIGH or CRITICAL vulnerabilities (report: $report_dir/trivy-image.json); not pushed" ;;
  *) tool_failure "trivy image failed with exit code $rc (scanner error, not a finding)" ;;
esac
