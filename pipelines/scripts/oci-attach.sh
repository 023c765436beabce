#!/usr/bin/env bash
# Attaches a file to an image in Azure Container Registry as an OCI referrer (an artifact manifest
# whose `subject` is the image), through the registry's OCI distribution API with a token from the
# pipeline's `az` session. Replaces `oras attach`, so the build downloads no ORAS: `az acr` can list
# and import referrers (acr-promote.sh) but has no command that pushes one.
#   1 az acr login --expose-token (ACR refresh token of the WIF identity; needs AcrPush or Repository Writer)
#   2 POST /oauth2/token → an access token scoped to repository:<repo>:pull,push
#   3 HEAD the subject manifest (media type, size), upload the file and the empty config blob
#   4 PUT the manifest by digest; 5 check that az acr manifest list-referrers lists it
# Tokens go to curl through files and stdin, never on a command line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: oci-attach.sh --subject LOGIN_SERVER/REPO@sha256:DIGEST --file FILE --artifact-type MEDIA_TYPE
exit: 0 attached and listed as a referrer · 2 usage · 3 az or the registry failed
prints the referrer's manifest digest
EOF2
}
subject="" file="" artifact_type=""
while (($#)); do
  case $1 in
    --subject) subject=$(arg_value "$@"); shift 2 ;;
    --file) file=$(arg_value "$@"); shift 2 ;;
    --artifact-type) artifact_type=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $subject =~ ^([a-z0-9][a-z0-9.-]*)/([a-z0-9][a-z0-9._/-]*)@(sha256:[0-9a-f]{64})$ ]] \
  || usage_error "--subject must be LOGIN_SERVER/REPO@sha256:<64 hex> (found '$subject')"
server=${BASH_REMATCH[1]} repo=${BASH_REMATCH[2]} digest=${BASH_REMATCH[3]}
[[ -f $file ]] || usage_error "--file must name a file (found '$file')"
[[ $artifact_type =~ ^[a-z]+/[A-Za-z0-9.+-]+$ ]] || usage_error "--artifact-type must be a media type such as application/spdx+json (found '$artifact_type')"

readonly EMPTY_CONFIG='{}' EMPTY_DIGEST=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
readonly ACCEPT="application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json"
base="https://$server/v2/$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

refresh=$(az acr login -n "${server%%.*}" --expose-token --query accessToken -o tsv) || tool_failure "az acr login --expose-token for $server failed"
[[ -n $refresh ]] || tool_failure "az acr login returned no token for $server"
answer=$(printf '%s' "$refresh" | curl -fsS -X POST "https://$server/oauth2/token" \
  --data-urlencode grant_type=refresh_token --data-urlencode "service=$server" \
  --data-urlencode "scope=repository:$repo:pull,push" --data-urlencode "refresh_token@-") \
  || tool_failure "token exchange at https://$server/oauth2/token failed"
access=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' <<<"$answer")
[[ -n $access ]] || tool_failure "the token answer of $server has no access_token"
printf 'Authorization: Bearer %s\n' "$access" >"$work/auth"

# Subject descriptor: the referrer must name the subject's media type, digest and size.
curl -fsS -I -H "@$work/auth" -H "Accept: $ACCEPT" "$base/manifests/$digest" >"$work/subject" \
  || tool_failure "$repo@$digest not found in $server"
header() { sed -n "s/^$1: *\\([^[:space:]]*\\).*/\\1/Ip" "$work/subject" | head -n1; }
subject_type=$(header Content-Type) subject_size=$(header Content-Length)
[[ -n $subject_type && $subject_size =~ ^[0-9]+$ ]] || tool_failure "the registry did not give the media type and size of $repo@$digest"

upload_blob() {
  local path=$1 blob_digest=$2 location sep
  location=$(curl -fsS -D - -o /dev/null -X POST -H "@$work/auth" "$base/blobs/uploads/" | sed -n 's/^location: *\([^[:space:]]*\).*/\1/Ip' | head -n1) \
    || tool_failure "blob upload to $server/$repo could not start"
  [[ -n $location ]] || tool_failure "blob upload to $server/$repo: no Location header"
  [[ $location == /* ]] && location="https://$server$location"
  sep='?'
  [[ $location == *\?* ]] && sep='&'
  curl -fsS -X PUT -H "@$work/auth" -H "Content-Type: application/octet-stream" --data-binary "@$path" \
    "$location${sep}digest=$blob_digest" >/dev/null || tool_failure "upload of blob $blob_digest to $server/$repo failed"
}

file_digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
file_size=$(stat -c %s "$file")
printf '%s' "$EMPTY_CONFIG" >"$work/config"
upload_blob "$work/config" "$EMPTY_DIGEST"
upload_blob "$file" "$file_digest"

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":%s,"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},"layers":[{"mediaType":%s,"digest":"%s","size":%s,"annotations":{"org.opencontainers.image.title":%s}}],"subject":{"mediaType":%s,"digest":"%s","size":%s},"annotations":{"org.opencontainers.image.created":"%s"}}' \
  "$(json_string "$artifact_type")" "$EMPTY_DIGEST" "$(json_string "$artifact_type")" "$file_digest" "$file_size" \
  "$(json_string "$(basename "$file")")" "$(json_string "$subject_type")" "$digest" "$subject_size" "$(utc_now)" >"$work/manifest"
manifest_digest=sha256:$(sha256sum "$work/manifest" | cut -d' ' -f1)
curl -fsS -X PUT -H "@$work/auth" -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary "@$work/manifest" \
  "$base/manifests/$manifest_digest" >/dev/null || tool_failure "push of the $artifact_type referrer of $repo@$digest failed"

az acr manifest list-referrers "$server/$repo@$digest" --artifact-type "$artifact_type" --query "referrers[].digest" -o tsv \
  | tr '\t' '\n' | grep -qxF "$manifest_digest" \
  || tool_failure "$manifest_digest was pushed but az acr manifest list-referrers does not list it for $repo@$digest"
log "attached $(basename "$file") to $repo@$digest as $manifest_digest ($artifact_type)"
printf '%s\n' "$manifest_digest"
