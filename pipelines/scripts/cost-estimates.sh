#!/usr/bin/env bash
# Monthly cost estimates for the PR report: `delivery cost --all --json` on this checkout (the PR)
# and on a worktree of the target branch (the merge commit's first parent), so preview-report can
# show each stack's cost before and after. Needs no secrets and no cloud access: offline plans
# priced from each checkout's own prices/retail-prices.json. A failed estimate is a warning, never
# a failed run: the report then simply has no cost section (or no "before" column).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: cost-estimates.sh --out-dir DIR [--base-ref REF]
  writes DIR/cost-after.json (this checkout) and DIR/cost-before.json (REF, default HEAD^1: in a
  pull-request build the merge commit's first parent is the target branch); run from the repository root
  env: DELIVERY_CLI (default: node <repo>/bin/delivery.js), DELIVERY_BASE_CLI (default: node bin/delivery.js,
       run inside the base worktree), COST_BASE_INSTALL (default: npm ci --no-audit --no-fund)
exit: 0 (estimates that failed are warnings) · 2 usage
EOF2
}
out_dir="" base_ref="HEAD^1"
while (($#)); do
  case $1 in
    --out-dir) out_dir=$(arg_value "$@"); shift 2 ;;
    --base-ref) base_ref=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -n $out_dir ]] || usage_error "--out-dir is required"
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
read -r -a cli <<<"${DELIVERY_CLI:-node $SCRIPTS_DIR/../../bin/delivery.js}"
read -r -a base_cli <<<"${DELIVERY_BASE_CLI:-node bin/delivery.js}"
read -r -a base_install <<<"${COST_BASE_INSTALL:-npm ci --no-audit --no-fund}"

if ! "${cli[@]}" cost --all --json >"$out_dir/cost-after.json"; then
  rm -f "$out_dir/cost-after.json"
  warning "delivery cost failed on this checkout: the PR report has no cost section"
  exit 0
fi

if ! base=$(git rev-parse --verify --quiet "$base_ref^{commit}"); then
  warning "no commit $base_ref to estimate the target branch from (fetchDepth too shallow?): the report shows this PR's cost only"
  exit 0
fi
worktree=$(mktemp -d "${TMPDIR:-/tmp}/cost-base.XXXXXX")
cleanup() { git worktree remove --force "$worktree" >/dev/null 2>&1 || rm -rf "$worktree"; }
trap cleanup EXIT
git worktree add --detach --quiet "$worktree" "$base" || { warning "git worktree add $base failed: the report shows this PR's cost only"; exit 0; }
# A target branch from before `delivery cost` existed fails here: that is expected, not an error.
if ! (cd "$worktree" && "${base_install[@]}" >&2 && "${base_cli[@]}" cost --all --json) >"$out_dir/cost-before.json"; then
  rm -f "$out_dir/cost-before.json"
  warning "delivery cost failed on the target branch ($base): the report shows this PR's cost only"
  exit 0
fi
log "cost estimates written: $out_dir/cost-before.json ($base), $out_dir/cost-after.json"
