# shellcheck shell=bash
# Shared helpers for the pipeline scripts. Sourced, never executed.
#
# Exit codes used by every script (the same meaning as the `delivery` CLI):
#   0 ok · 1 the check failed (findings, unhealthy, alert not confirmed, drift) ·
#   2 usage or bad input (missing argument or variable, malformed value) · 3 a tool or API call failed.

set -euo pipefail

readonly EXIT_OK=0 EXIT_FAILED=1 EXIT_USAGE=2 EXIT_TOOL=3
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPTS_DIR
export EXIT_OK EXIT_FAILED EXIT_USAGE EXIT_TOOL SCRIPTS_DIR

log() { printf '%s\n' "$*" >&2; }

# Escapes a message for an Azure Pipelines logging command (as azure-pipelines-task-lib does).
vso_escape() {
  local s=$1
  s=${s//'%'/'%AZP25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "$s"
}

# Logs an error for the run summary (when running on an agent) and on stderr.
error() { printf '##vso[task.logissue type=error]%s\n' "$(vso_escape "$*")"; log "error: $*"; }
warning() { printf '##vso[task.logissue type=warning]%s\n' "$(vso_escape "$*")"; log "warning: $*"; }

# Usage error: prints the script's usage and exits 2.
usage_error() {
  log "error: $*"
  if declare -F usage >/dev/null; then usage >&2; fi
  exit "$EXIT_USAGE"
}

fail() { error "$*"; exit "$EXIT_FAILED"; }
tool_failure() { error "$*"; exit "$EXIT_TOOL"; }

# Requires the named environment variables to be set and non-empty. An unexpanded Azure Pipelines
# macro ("$(NAME)": the variable does not exist) counts as missing.
require_env() {
  local name missing=()
  for name in "$@"; do
    if [[ -z "${!name:-}" || "${!name}" == '$('* ]]; then missing+=("$name"); fi
  done
  if ((${#missing[@]})); then usage_error "missing environment variable(s): ${missing[*]}"; fi
}

# Refuses to swap or route traffic when the stack's app is a slot on another stack's app
# (RELEASE_SHAPE=direct, from the settings group): a release deploys straight into that slot, and any
# swap from it could only reach the host's production. Exits 2 before a single az call.
refuse_direct_shape() {
  if [[ ${RELEASE_SHAPE:-swap} == direct ]]; then
    local slot=${STAGING_SLOT:-?} host=${WEBAPP_NAME:-the host}
    usage_error "RELEASE_SHAPE is direct: this stack's app is slot '$slot' on $host, another stack's app (appHostStack); releases deploy straight into the slot and never $1 (that would move it into the host's production)"
  fi
}

# Sets a pipeline variable (optionally an output variable) and remembers it for later steps.
set_variable() {
  local name=$1 value=$2 output=${3:-false} secret=${4:-false}
  printf '##vso[task.setvariable variable=%s;isOutput=%s;issecret=%s]%s\n' "$name" "$output" "$secret" "$(vso_escape "$value")"
}

# JSON string literal of $1 (quotes included). Escapes backslash, quote and control characters.
json_string() {
  local s=$1 out="" c i code
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      '"') out+='\"' ;;
      '\') out+='\\' ;;
      $'\n') out+='\n' ;;
      $'\r') out+='\r' ;;
      $'\t') out+='\t' ;;
      *)
        printf -v code '%d' "'$c"
        if ((code >= 0 && code < 32)); then printf -v c '\\u%04x' "$code"; fi
        out+=$c
        ;;
    esac
  done
  printf '"%s"' "$out"
}

# Lower-case copy of $1 (resource ids are compared case-insensitively).
lower() { printf '%s' "${1,,}"; }

# ISO 8601 UTC timestamp, second precision: 2026-08-21T10:00:00Z.
utc_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Validates an image digest: sha256 followed by 64 lower-case hex digits.
is_digest() { [[ $1 =~ ^sha256:[0-9a-f]{64}$ ]]; }

# Seconds to sleep between polls; tests set DELIVERY_SLEEP_SECONDS=0.
pause() { sleep "${DELIVERY_SLEEP_SECONDS:-$1}"; }

# Value of an option: `x=$(arg_value "$@")` with "$1" the option and "$2" its value; a missing value
# is a usage error (exit 2; set -e ends the script on the failed assignment).
arg_value() {
  if (($# < 2)) || [[ -z $2 || $2 == --* ]]; then usage_error "$1 needs a value"; fi
  printf '%s' "$2"
}

# Sets the array `cli` to the delivery CLI: DELIVERY_CLI when set, else Node 24 from this checkout's
# node_modules (npm ci first when missing: the release job checks the delivery repository out
# without installing it; npm ci brings Node 24 as node_modules/.bin/node).
delivery_cli() {
  if [[ -n ${DELIVERY_CLI:-} ]]; then
    read -r -a cli <<<"$DELIVERY_CLI"
    return
  fi
  local repo
  repo=$(cd "$SCRIPTS_DIR/../.." && pwd)
  [[ -d $repo/node_modules ]] || (cd "$repo" && npm ci --no-audit --no-fund >&2) || tool_failure "npm ci in $repo failed"
  cli=("$repo/node_modules/.bin/node" "$repo/bin/delivery.js")
}
