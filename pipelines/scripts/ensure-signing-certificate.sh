#!/usr/bin/env bash
# Creates the image-signing certificate in the build stack's vault when it does not exist yet, and
# does nothing when it does (re-running changes nothing). azure-native has no Key Vault certificate
# resource (certificates are data plane), so the pipeline creates it once; the deploy identity holds
# Key Vault Certificates Officer on that vault for this only. Self-signed, code-signing EKU, the key
# not exportable: Notation's azure-kv plugin signs with it in the vault (self_signed=true).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: ensure-signing-certificate.sh --vault KEYVAULT --certificate NAME [--subject "CN=...,O=..."]
exit: 0 present (created or already there) · 2 usage · 3 az failed
EOF2
}
vault="" cert="" subject=""
while (($#)); do
  case $1 in
    --vault) vault=$(arg_value "$@"); shift 2 ;;
    --certificate) cert=$(arg_value "$@"); shift 2 ;;
    --subject) subject=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[[ -n $vault && -n $cert ]] || usage_error "--vault and --certificate are required"
[[ $cert =~ ^[0-9a-zA-Z-]{1,127}$ ]] || usage_error "--certificate must be 1-127 letters, digits or hyphens (found '$cert')"
subject=${subject:-"CN=$cert,O=PineCone Software"}

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if az keyvault certificate show -n "$cert" --vault-name "$vault" --query id -o tsv >"$work/id" 2>"$work/err"; then
  log "certificate $cert already exists in $vault: nothing to do"
  exit 0
fi
# Only "not found" leads to a create; any other failure (network, rights) is reported as it is.
grep -qiE 'CertificateNotFound|not found' "$work/err" || tool_failure "could not read certificate $cert in $vault: $(tr '\n' ' ' <"$work/err")"

cat >"$work/policy.json" <<JSON
{
  "issuerParameters": { "name": "Self" },
  "keyProperties": { "exportable": false, "keyType": "RSA", "keySize": 3072, "reuseKey": false },
  "secretProperties": { "contentType": "application/x-pem-file" },
  "x509CertificateProperties": {
    "subject": $(json_string "$subject"),
    "keyUsage": ["digitalSignature"],
    "ekus": ["1.3.6.1.5.5.7.3.3"],
    "validityInMonths": 12
  },
  "lifetimeActions": [ { "trigger": { "daysBeforeExpiry": 30 }, "action": { "actionType": "AutoRenew" } } ]
}
JSON
az keyvault certificate create --vault-name "$vault" -n "$cert" -p "@$work/policy.json" >/dev/null \
  || tool_failure "az keyvault certificate create $cert in $vault failed"
az keyvault certificate show -n "$cert" --vault-name "$vault" --query kid -o tsv >/dev/null \
  || tool_failure "certificate $cert was created in $vault but cannot be read back"
log "created self-signed signing certificate $cert ($subject) in $vault"
