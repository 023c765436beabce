#!/usr/bin/env bash
# Tags the built commit v<version> in the application repository once its image is pushed, so the
# next build computes the next version (release branch only; pre-release builds are not tagged).
# Needs `persistCredentials` on the checkout and "Create tag" for the build identity.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: tag-release.sh --repo DIR --version SEMVER
exit: 0 tagged (or a pre-release: nothing to do) · 1 the tag exists on another commit · 2 usage · 3 push failed
EOF2
}
repo="" version=""
while (($#)); do
  case $1 in
    --repo) repo=$(arg_value "$@"); shift 2 ;;
    --version) version=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
git -C "${repo:-.}" rev-parse --git-dir >/dev/null 2>&1 || usage_error "--repo must be a git work tree"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-.+)?$ ]] || usage_error "--version must be SemVer"
if [[ $version == *-* ]]; then log "pre-release $version: not tagged"; exit 0; fi
head=$(git -C "$repo" rev-parse HEAD)
if existing=$(git -C "$repo" rev-parse -q --verify "refs/tags/v$version^{commit}"); then
  [[ $existing == "$head" ]] || fail "tag v$version already exists on $existing"
  log "v$version already tags $head"; exit 0
fi
git -C "$repo" -c user.name="Azure Pipelines" -c user.email="pipelines@localhost" tag -a "v$version" -m "release $version" "$head"
git -C "$repo" push origin "refs/tags/v$version" || tool_failure "pushing tag v$version failed"
log "tagged $head as v$version"
