#!/usr/bin/env bash
# Signs the image digest with Notation and the Key Vault signing certificate (azure-kv plugin, using
# the AzureCLI@2 WIF session), then verifies the signature against a trust policy for that certificate.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: sign-image.sh --image LOGIN_SERVER/REPO@sha256:DIGEST --vault KEYVAULT --certificate NAME
exit: 0 signed and verified · 1 verification failed · 2 usage · 3 signing failed
EOF2
}
image="" vault="" cert=""
while (($#)); do
  case $1 in
    --image) image=$(arg_value "$@"); shift 2 ;;
    --vault) vault=$(arg_value "$@"); shift 2 ;;
    --certificate) cert=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ $image =~ @sha256:[0-9a-f]{64}$ ]] || usage_error "--image must be a reference by digest (signing a tag signs whatever it points to later)"
[[ -n $vault && -n $cert ]] || usage_error "--vault and --certificate are required"

key_id=$(az keyvault certificate show -n "$cert" --vault-name "$vault" --query kid -o tsv) || tool_failure "certificate $cert not found in $vault"
notation sign --signature-format cose --id "$key_id" --plugin azure-kv \
  --plugin-config self_signed=true --plugin-config credential_type=azurecli "$image" || tool_failure "notation sign failed"

# Verify with a trust policy limited to this repository and this certificate's subject.
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
az keyvault certificate download -n "$cert" --vault-name "$vault" -f "$work/signer.pem" >/dev/null
subject=$(az keyvault certificate show -n "$cert" --vault-name "$vault" --query policy.x509CertificateProperties.subject -o tsv)
notation cert add --type ca --store pinecone "$work/signer.pem" >/dev/null 2>&1 || true
repo_scope=${image%@*}
cat >"$work/trustpolicy.json" <<JSON
{ "version": "1.0", "trustPolicies": [ { "name": "pinecone-images",
  "registryScopes": [ $(json_string "$repo_scope") ],
  "signatureVerification": { "level": "strict" },
  "trustStores": [ "ca:pinecone" ],
  "trustedIdentities": [ $(json_string "x509.subject: $subject") ] } ] }
JSON
notation policy import --force "$work/trustpolicy.json" >/dev/null
notation verify "$image" || fail "signature of $image does not verify"
log "signed and verified $image"
