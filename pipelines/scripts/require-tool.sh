#!/usr/bin/env bash
# Checks that a tool the agent image provides (Pulumi, Azure CLI, Docker, skopeo, ...) is on PATH in
# at least the minimum version: the version column of its `agent` row in pipelines/tools.lock, or the
# version given. Versions are compared as semantic versions (a pre-release is older than its release),
# read from the tool's own version output. Nothing is downloaded.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: require-tool.sh <tool> [<minimum version>] [--lock FILE]
  <tool>     pulumi, az, docker, buildx, skopeo, node, jq, yq, git (others: "<tool> --version")
  <minimum>  default: the version column of the tool's "agent" row in the lock file
exit: 0 present and new enough · 1 missing, older than the minimum, or no version in its output · 2 usage
EOF2
}

lock="$SCRIPTS_DIR/../tools.lock"
tool="" minimum=""
while (($#)); do
  case $1 in
    --lock) lock=$(arg_value "$@"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage_error "unknown option $1" ;;
    *)
      if [[ -z $tool ]]; then tool=$1; elif [[ -z $minimum ]]; then minimum=$1; else usage_error "unexpected argument $1"; fi
      shift
      ;;
  esac
done
[[ -n $tool ]] || usage_error "which tool?"

readonly SEMVER_RE='([0-9]+)\.([0-9]+)(\.([0-9]+))?(-([0-9A-Za-z.-]+))?'

if [[ -z $minimum ]]; then
  [[ -r $lock ]] || usage_error "lock file $lock cannot be read"
  row=$(awk -v n="$tool" '$1 == n && $4 == "agent" && $0 !~ /^[[:space:]]*#/ { print $2; exit }' "$lock")
  [[ -n $row ]] || usage_error "$tool has no agent row in $lock: give the minimum version as the second argument"
  minimum=$row
fi
[[ $minimum =~ ^$SEMVER_RE$ ]] || usage_error "minimum version '$minimum' is not a version such as 3.190.0"

# The version command per tool; each prints a version somewhere in its output.
version_output() {
  case $1 in
    pulumi) pulumi version ;;                                         # v3.190.0
    az) az version --output json | grep -o '"azure-cli": *"[^"]*"' ;; # "azure-cli": "2.71.0"
    buildx) docker buildx version ;;                                  # github.com/docker/buildx v0.22.0 18ccba0...
    *) "$1" --version ;;                                              # Docker version 28.0.4, build b8034c0 · jq-1.7.1
  esac
}

# 0 when semantic version $1 >= $2 (SemVer 2.0 §11: numeric fields, then release > pre-release,
# then pre-release identifiers left to right; numeric identifiers < alphanumeric ones).
version_at_least() {
  local a=$1 b=$2 i
  [[ $a =~ ^$SEMVER_RE ]]
  local -a va=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]:-0}") pa=${BASH_REMATCH[6]}
  [[ $b =~ ^$SEMVER_RE ]]
  local -a vb=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]:-0}") pb=${BASH_REMATCH[6]}
  for i in 0 1 2; do
    ((10#${va[i]} > 10#${vb[i]})) && return 0
    ((10#${va[i]} < 10#${vb[i]})) && return 1
  done
  [[ -z $pa ]] && return 0
  [[ -z $pb ]] && return 1
  local -a ia ib
  IFS=. read -r -a ia <<<"$pa"
  IFS=. read -r -a ib <<<"$pb"
  for ((i = 0; i < ${#ia[@]} && i < ${#ib[@]}; i++)); do
    local x=${ia[i]} y=${ib[i]}
    [[ $x == "$y" ]] && continue
    if [[ $x =~ ^[0-9]+$ && $y =~ ^[0-9]+$ ]]; then ((10#$x > 10#$y)) && return 0 || return 1; fi
    [[ $x =~ ^[0-9]+$ ]] && return 1
    [[ $y =~ ^[0-9]+$ ]] && return 0
    [[ $x > $y ]] && return 0 || return 1
  done
  ((${#ia[@]} >= ${#ib[@]}))
}

command -v "${tool/buildx/docker}" >/dev/null 2>&1 \
  || fail "$tool is not on PATH: the pipelines expect the ubuntu-24.04 agent image (hosted, or the Managed DevOps Pool's image), which ships it; on another image install $tool $minimum or newer"
output=$(version_output "$tool" 2>&1) || fail "'$tool' failed to print its version: $(head -c 300 <<<"$output")"
[[ $output =~ $SEMVER_RE ]] || fail "no version number in the output of $tool's version command: '$(head -c 300 <<<"$output")'"
found=${BASH_REMATCH[0]}
version_at_least "$found" "$minimum" \
  || fail "$tool $found is older than the minimum $minimum (pipelines/tools.lock): update the agent image (ubuntu-24.04 images are refreshed weekly) or, if an older $tool is known to work, lower the minimum there"
log "$tool $found (minimum $minimum)"
