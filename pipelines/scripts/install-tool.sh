#!/usr/bin/env bash
# Installs a tool pinned in pipelines/tools.lock by version AND by the SHA-256 committed there.
# A wrong hash or a TO-PIN placeholder is refused before anything is installed; a placeholder gets
# one message naming the tool and tools-pin (the stage that needs the tool fails, no other).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: install-tool.sh <name> [--lock FILE] [--dest DIR] [--no-path]
       install-tool.sh --image-ref <name> [--lock FILE]
       install-tool.sh --check <name>... [--lock FILE]

  <name>        a tool listed in the lock file (pulumi, trivy, syft, notation, ...)
  --lock FILE   lock file (default: pipelines/tools.lock next to this script's folder)
  --dest DIR    install into DIR (default: $AGENT_TOOLSDIRECTORY/<name>/<version>)
  --no-path     do not prepend the tool's folder to PATH for later steps
  --image-ref   print the pinned container image reference (repository@sha256:...) instead
  --check       install nothing: fail with ONE message if any named tool is not pinned yet
exit: 0 installed · 1 checksum mismatch · 2 usage, unknown tool or not pinned yet · 3 download failed
EOF
}

lock="$SCRIPTS_DIR/../tools.lock"
name="" dest="" add_path=true image_ref=false check=false names=()
while (($#)); do
  case $1 in
    --lock) (($# >= 2)) || usage_error "--lock needs a file"; lock=$2; shift 2 ;;
    --dest) (($# >= 2)) || usage_error "--dest needs a folder"; dest=$2; shift 2 ;;
    --no-path) add_path=false; shift ;;
    --image-ref) image_ref=true; shift ;;
    --check) check=true; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage_error "unknown option $1" ;;
    *) names+=("$1"); shift ;;
  esac
done
((${#names[@]})) || usage_error "which tool?"
[[ $check == true || ${#names[@]} -eq 1 ]] || usage_error "one tool at a time (got ${names[*]}); --check takes several"
[[ -r $lock ]] || usage_error "lock file $lock cannot be read"

lock_line() { awk -v n="$1" '$1 == n && $0 !~ /^[[:space:]]*#/ { print; exit }' "$lock"; }

# The one message a stage prints when a tool it needs has no pin yet.
not_pinned() {
  error "not pinned yet: $1 (TO-PIN in pipelines/tools.lock). Run tools-pin once (the tools-pin pipeline, or 'npm run delivery -- tools-pin' on a workstation) and merge its pull request; until then only the stages that use $1 fail"
  exit "$EXIT_USAGE"
}

unpinned=()
for n in "${names[@]}"; do
  line=$(lock_line "$n")
  [[ -n $line ]] || usage_error "$n is not in $lock"
  read -r _ _ pin kind _ <<<"$line"
  [[ $kind != agent ]] || usage_error "$n comes from the agent image: use require-tool.sh $n, not install-tool.sh"
  [[ $pin =~ ^[0-9a-f]{64}$ ]] || unpinned+=("$n")
done
if ((${#unpinned[@]})); then
  list=$(printf '%s, ' "${unpinned[@]}")
  not_pinned "${list%, }"
fi
if [[ $check == true ]]; then
  log "pinned: ${names[*]}"
  exit 0
fi

name=${names[0]}
read -r _ version sha256 kind source entry _ <<<"$(lock_line "$name")"

if [[ $image_ref == true ]]; then
  [[ $kind == image ]] || usage_error "$name is a $kind, not a container image"
  printf '%s@sha256:%s\n' "$source" "$sha256"
  exit 0
fi
[[ $kind == tar.gz || $kind == binary ]] || usage_error "$name is a $kind; use --image-ref"

dest=${dest:-${AGENT_TOOLSDIRECTORY:-${TMPDIR:-/tmp}/delivery-tools}/$name/$version}
bin_dir="$dest/$(dirname "$entry")"

if [[ -f "$dest/.sha256" && $(<"$dest/.sha256") == "$sha256" && -x "$dest/$entry" ]]; then
  log "$name $version already installed in $dest (hash $sha256)"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  file="$work/${source##*/}"
  log "downloading $name $version from $source"
  curl -fsSL --retry 3 --output "$file" "$source" || tool_failure "download of $source failed"
  [[ -s $file ]] || tool_failure "download of $source is empty"
  actual=$(sha256sum "$file" | cut -d' ' -f1)
  if [[ $actual != "$sha256" ]]; then
    error "checksum mismatch for $name $version: $source has sha256 $actual, $lock pins $sha256; not installed"
    exit "$EXIT_FAILED"
  fi
  staging="$work/extract"
  mkdir -p "$staging"
  if [[ $kind == tar.gz ]]; then
    tar -xzf "$file" -C "$staging" || tool_failure "cannot extract $file"
  else
    mkdir -p "$staging/$(dirname "$entry")"
    cp "$file" "$staging/$entry"
  fi
  [[ -f "$staging/$entry" ]] || tool_failure "$entry not found in the $name archive"
  chmod +x "$staging/$entry"
  mkdir -p "$dest"
  cp -R "$staging/." "$dest/"
  printf '%s' "$sha256" >"$dest/.sha256"
  log "installed $name $version into $dest (sha256 $sha256 verified)"
fi

if [[ $add_path == true ]]; then printf '##vso[task.prependpath]%s\n' "$bin_dir"; fi
printf '%s\n' "$dest/$entry"
