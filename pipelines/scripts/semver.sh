#!/usr/bin/env bash
# Computes the release version from conventional commits since the last v<MAJOR>.<MINOR>.<PATCH> tag.
#   BREAKING CHANGE footer or "type!:" → major · feat → minor · fix/perf (or any other commit) → patch.
# HEAD exactly on a release tag keeps that version. Builds of another branch than --release-branch
# get a pre-release suffix (1.4.0-feature-x.3) so they never take a release version.
# Prints the version; on an agent also sets IMAGE_VERSION, COMMIT_SHA and COMMIT_TIME (output variables).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: semver.sh [--repo DIR] [--branch REF] [--release-branch REF]
  --repo DIR             git work tree (default: current folder); needs full history and tags (fetchDepth 0)
  --branch REF           branch being built, e.g. $(Build.SourceBranch) (default: the checked-out branch)
  --release-branch REF   branch that produces release versions (default: refs/heads/main)
exit: 0 ok · 2 usage or not a git repository
EOF
}

repo=. branch="" release_branch=refs/heads/main
while (($#)); do
  case $1 in
    --repo) (($# >= 2)) || usage_error "--repo needs a folder"; repo=$2; shift 2 ;;
    --branch) (($# >= 2)) || usage_error "--branch needs a ref"; branch=$2; shift 2 ;;
    --release-branch) (($# >= 2)) || usage_error "--release-branch needs a ref"; release_branch=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || usage_error "$repo is not a git work tree"

if [[ -z $branch ]]; then
  branch="refs/heads/$(git -C "$repo" rev-parse --abbrev-ref HEAD)"
fi
[[ $branch == refs/* ]] || branch="refs/heads/$branch"

last_tag=$(git -C "$repo" describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null || true)
if [[ -n $last_tag && $last_tag =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} patch=${BASH_REMATCH[3]}
  range="$last_tag..HEAD"
else
  last_tag="" major=0 minor=0 patch=0
  range=HEAD
fi

bump=none count=0
while IFS= read -r -d '' message; do
  message=${message#"${message%%[![:space:]]*}"} # git separates records with a newline: trim it
  [[ -n $message ]] || continue
  count=$((count + 1))
  subject=${message%%$'\n'*}
  if [[ $subject =~ ^[a-zA-Z]+(\([^\)]*\))?!: ]] || [[ $message =~ (^|$'\n')BREAKING[\ -]CHANGE: ]]; then
    bump=major
  elif [[ $subject =~ ^feat(\([^\)]*\))?: ]]; then
    [[ $bump == major ]] || bump=minor
  else
    [[ $bump != none ]] || bump=patch
  fi
done < <(git -C "$repo" log --format='%B%x00' "$range")

case $bump in
  major) major=$((major + 1)) minor=0 patch=0 ;;
  minor) minor=$((minor + 1)) patch=0 ;;
  patch) patch=$((patch + 1)) ;;
  none) ;;
esac
version="$major.$minor.$patch"
if [[ $branch != "$release_branch" && $count -gt 0 ]]; then
  slug=$(printf '%s' "${branch#refs/heads/}" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9' '-' | sed -e 's/--*/-/g' -e 's/^-//' -e 's/-$//' | cut -c1-40)
  version="$version-${slug:-branch}.$count"
fi

sha=$(git -C "$repo" rev-parse HEAD)
commit_time=$(date -u -d "@$(git -C "$repo" log -1 --format=%ct HEAD)" +%Y-%m-%dT%H:%M:%SZ)
log "version $version (last tag: ${last_tag:-none}, $count commit(s) since, bump: $bump, branch: $branch)"
if [[ -n ${TF_BUILD:-} ]]; then
  set_variable IMAGE_VERSION "$version" true
  set_variable COMMIT_SHA "$sha" true
  set_variable COMMIT_TIME "$commit_time" true
  printf '##vso[build.updatebuildnumber]%s\n' "$version"
fi
printf '%s\n' "$version"
