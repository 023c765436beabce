#!/usr/bin/env bash
# End-to-end gate: the application's Playwright suite against the staging slot. Playwright's version
# comes from the application's package-lock.json; browsers are installed for that version.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: e2e-test.sh --project-dir DIR --base-url URL [--workers N] --out-dir DIR
  the suite reads BASE_URL; results are written as JUnit to DIR/e2e-junit.xml
exit: 0 passed · 1 tests failed · 2 usage
EOF2
}
project="" base_url="" workers=2 out=""
while (($#)); do
  case $1 in
    --project-dir) project=$(arg_value "$@"); shift 2 ;;
    --base-url) base_url=$(arg_value "$@"); shift 2 ;;
    --workers) workers=$(arg_value "$@"); shift 2 ;;
    --out-dir) out=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -f $project/package.json ]] || usage_error "--project-dir must hold the Playwright project's package.json"
[[ $base_url =~ ^https:// ]] || usage_error "--base-url must be an https URL"
[[ $workers =~ ^[1-9][0-9]*$ ]] || usage_error "--workers must be a positive whole number"
[[ -n $out ]] || usage_error "--out-dir is required"
mkdir -p "$out"; out=$(cd "$out" && pwd)
cd "$project"
npm ci --no-audit --no-fund
npx --no-install playwright install --with-deps chromium
export BASE_URL=$base_url PLAYWRIGHT_JUNIT_OUTPUT_NAME="$out/e2e-junit.xml"
npx --no-install playwright test --workers "$workers" --reporter=junit,line || fail "end-to-end tests failed against $base_url"
