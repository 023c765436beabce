#!/usr/bin/env bash
# Installs a tool pinned in pipelines/tools.lock by version AND by the SHA-256 committed there.
# A wrong hash or a TO-PIN placeholder is refused before anything is installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: install-tool.sh <name> [--lock FILE] [--dest DIR] [--no-path]
       install-tool.sh --image-ref <name> [--lock FILE]

  <name>        a tool listed in the lock file (pulumi, trivy, syft, notation, ...)
  --lock FILE   lock file (default: pipelines/tools.lock next to this script's folder)
  --dest DIR    install into DIR (default: $AGENT_TOOLSDIRECTORY/<name>/<version>)
  --no-path     do not prepend the tool's folder to PATH for later steps
  --image-ref   print the pinned container image reference (repository@sha256:...) instead
exit: 0 installed · 1 checksum mismatch · 2 usage, unknown tool or placeholder hash · 3 download failed
EOF
}

lock="$SCRIPTS_DIR/../tools.lock"
name="" dest="" add_path=true image_ref=false
while (($#)); do
  case $1 in
    --lock) (($# >= 2)) || usage_error "--lock needs a file"; lock=$2; shift 2 ;;
    --dest) (($# >= 2)) || usage_error "--dest needs a folder"; dest=$2; shift 2 ;;
    --no-path) add_path=false; shift ;;
    --image-ref) image_ref=true; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage_error "unknown option $1" ;;
    *) [[ -z $name ]] || usage_error "one tool at a time (got $name and $1)"; name=$1; shift ;;
  esac
done
[[ -n $name ]] || usage_error "which tool?"
[[ -r $lock ]] || usage_error "lock file $lock cannot be read"

entry_line=$(awk -v n="$name" '$1 == n && $0 !~ /^[[:space:]]*#/ { print; exit }' "$lock")
[[ -n $entry_line ]] || usage_error "$name is not in $lock"
read -r _ version sha256 kind source entry <<<"$entry_line"

if [[ ! $sha256 =~ ^[0-9a-f]{64}$ ]]; then
  error "$name $version has no committed SHA-256 in $lock (found '$sha256'): download the asset once, verify the publisher's signature, commit its hash; refusing to run an unverified tool"
  exit "$EXIT_USAGE"
fi

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
