#!/usr/bin/env bash
# Multi-stage Docker build (BuildKit). One Dockerfile, three uses:
#   --output DIR  export a stage's files (the unit-test stage's test results and coverage, or the
#                 EF Core migration bundle) to DIR
#   --tag REF     build the runtime image into the local daemon for the scan, labelled with the
#                 version and the commit (OCI annotations)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: docker-build.sh --context DIR --dockerfile FILE [--target STAGE] (--output DIR | --tag REF)
                       [--version SEMVER] [--sha COMMIT]
exit: 0 built · 1 the build (or a test inside it) failed · 2 usage
EOF2
}
context="" dockerfile="" target="" output="" tag="" version="" sha=""
while (($#)); do
  case $1 in
    --context) context=$(arg_value "$@"); shift 2 ;;
    --dockerfile) dockerfile=$(arg_value "$@"); shift 2 ;;
    --target) target=$(arg_value "$@"); shift 2 ;;
    --output) output=$(arg_value "$@"); shift 2 ;;
    --tag) tag=$(arg_value "$@"); shift 2 ;;
    --version) version=$(arg_value "$@"); shift 2 ;;
    --sha) sha=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -d $context ]] || usage_error "--context must name a folder"
[[ -f $dockerfile ]] || usage_error "--dockerfile must name a file (found '$dockerfile')"
[[ -n $output || -n $tag ]] || usage_error "one of --output or --tag is required"
[[ -z $output || -z $tag ]] || usage_error "--output and --tag exclude each other"

# .git never enters the build context: it holds the history and, on an agent, whatever the checkout
# persisted, and a pull request's Dockerfile could COPY it into a layer. BuildKit reads
# <Dockerfile>.dockerignore when it exists, else <context>/.dockerignore; .git is added to that one.
if [[ -e $context/.git ]]; then
  ignore=$context/.dockerignore
  [[ ! -f $dockerfile.dockerignore ]] || ignore=$dockerfile.dockerignore
  if ! { [[ -f $ignore ]] && grep -qxE '[[:space:]]*/?\.git/?[[:space:]]*' "$ignore"; }; then
    printf '\n# added by docker-build.sh: never send .git to the Docker daemon\n.git\n' >>"$ignore"
    log "excluded .git from the build context ($ignore)"
  fi
fi

args=(build --file "$dockerfile" --progress plain)
[[ -z $target ]] || args+=(--target "$target")
[[ -z $version ]] || args+=(--build-arg "VERSION=$version" --label "org.opencontainers.image.version=$version")
[[ -z $sha ]] || args+=(--build-arg "COMMIT_SHA=$sha" --label "org.opencontainers.image.revision=$sha")
if [[ -n $output ]]; then mkdir -p "$output"; args+=(--output "type=local,dest=$output"); else args+=(--tag "$tag"); fi
DOCKER_BUILDKIT=1 docker "${args[@]}" "$context" || fail "docker build${target:+ of stage $target} failed"
