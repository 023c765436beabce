#!/usr/bin/env bash
# Polls a health URL until it answers 200 (the slot restarts after an image change).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: smoke-test.sh --url https://HOST/PATH [--attempts N] [--interval SECONDS]
exit: 0 healthy · 1 not healthy after N attempts · 2 usage
EOF2
}
url="" attempts=30 interval=10
while (($#)); do
  case $1 in
    --url) url=$(arg_value "$@"); shift 2 ;;
    --attempts) attempts=$(arg_value "$@"); shift 2 ;;
    --interval) interval=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $url =~ ^https://[^/]+/ ]] || usage_error "--url must be an https URL with a path (found '$url')"
[[ $attempts =~ ^[1-9][0-9]*$ && $interval =~ ^[0-9]+$ ]] || usage_error "--attempts and --interval must be whole numbers"

status=""
for ((i = 1; i <= attempts; i++)); do
  status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$url" || true)
  if [[ $status == 200 ]]; then log "healthy: $url answered 200 (attempt $i)"; exit 0; fi
  log "attempt $i/$attempts: $url answered ${status:-no response}"
  ((i == attempts)) || pause "$interval"
done
fail "$url is not healthy after $attempts attempts (last status ${status:-none})"
