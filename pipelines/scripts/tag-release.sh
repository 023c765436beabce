#!/usr/bin/env bash
# Tags the built commit v<version> in the application repository once its image is pushed, so the
# next build computes the next version (release branch only; pre-release builds are not tagged).
# The job token comes from this step's env (SYSTEM_ACCESSTOKEN) and is handed to git for the one push
# through GIT_CONFIG_* (not argv, not .git/config): the checkout does not persist credentials, because
# the application checkout is the Docker build context. The build identity needs "Create tag".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: tag-release.sh --repo DIR --version SEMVER
  env: SYSTEM_ACCESSTOKEN (map $(System.AccessToken) into the step's env)
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
require_env SYSTEM_ACCESSTOKEN
git -C "$repo" -c user.name="Azure Pipelines" -c user.email="pipelines@localhost" tag -a "v$version" -m "release $version" "$head"
# "Run Git commands in a script" (Azure Pipelines docs): the token as an AUTHORIZATION extra header.
GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraheader GIT_CONFIG_VALUE_0="AUTHORIZATION: bearer $SYSTEM_ACCESSTOKEN" \
  git -C "$repo" push origin "refs/tags/v$version" || tool_failure "pushing tag v$version failed"
log "tagged $head as v$version"
