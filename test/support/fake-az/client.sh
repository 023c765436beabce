#!/usr/bin/env bash
# Client of the fake Azure server (server.js): forwards this call, prints the answer, exits with its code.
tool=${0##*/}
err="${TMPDIR:-/tmp}/fake-$tool.$$.$RANDOM.err"
exec 3<>"/dev/tcp/127.0.0.1/${FAKE_AZ_PORT:?FAKE_AZ_PORT is not set}" || exit 99
{ printf '%s\n' "$(($# + 5))"; printf '%s\0' "$tool" "$err" "$FAKE_AZURE_STATE" "${FAKE_AZ_IDENTITY:-}" "${FAKE_AZ_RUN:-}" "$@"; } >&3
read -r code has_err <&3
cat <&3
exec 3<&-
if [[ $has_err == 1 ]]; then cat "$err" >&2; rm -f "$err"; fi
exit "${code:-99}"
