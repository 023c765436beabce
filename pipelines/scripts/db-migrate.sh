#!/usr/bin/env bash
# Database step of the ERP release: a copy of the database is taken and verified BEFORE the versioned
# migrations run (EF Core migration bundle). No verified backup, no migration.
# The connection string comes from Key Vault (secret ConnectionStrings--Erp through the stack's
# secrets variable group) and is passed in the environment, never on a command line that is logged.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: db-migrate.sh --bundle FILE --version SEMVER
  env: ERP_CONNECTION_STRING (secret, Azure SQL: Server=tcp:<server>.database.windows.net,1433;
       Initial Catalog=<db>;...), AZURE_RESOURCE_GROUP (the stack's resource group, from the
       settings variable group: the only scope the release identity can read)
exit: 0 backed up and migrated · 1 server not in the resource group, backup not verified or migration failed · 2 usage · 3 az failed
sets DB_BACKUP_NAME
EOF2
}
bundle="" version=""
while (($#)); do
  case $1 in
    --bundle) bundle=$(arg_value "$@"); shift 2 ;;
    --version) version=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env ERP_CONNECTION_STRING AZURE_RESOURCE_GROUP
[[ -f $bundle ]] || usage_error "--bundle must name the migration bundle (found '$bundle')"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || usage_error "--version must be SemVer"

setting() { tr ';' '\n' <<<"$ERP_CONNECTION_STRING" | sed -n "s/^[[:space:]]*\($1\)[[:space:]]*=[[:space:]]*//Ip" | head -n1; }
server_value=$(setting 'server\|data source')
database=$(setting 'initial catalog\|database')
host=${server_value#tcp:}; host=${host%%,*}
[[ $host =~ ^([a-z0-9-]+)\.database\.windows\.net$ ]] || usage_error "the connection string's server is not an Azure SQL server"
server=${BASH_REMATCH[1]}
[[ -n $database ]] || usage_error "the connection string names no database"

# The release identity holds roles on the stack's resource group only: a subscription-wide search
# would list nothing it can see, so the server is looked up in that group, by name.
rg=$AZURE_RESOURCE_GROUP
found=$(az sql server list -g "$rg" --query "[?name=='$server'].name | [0]" -o tsv) || tool_failure "cannot list the SQL servers of resource group $rg (does the release identity have Reader there?)"
[[ -n $found ]] || fail "SQL server $server (from the connection string ConnectionStrings--Erp) is not in resource group $rg (AZURE_RESOURCE_GROUP from the settings variable group); expected the stack's database server there; migrations not run"
backup="$database-pre-${version//[^0-9A-Za-z]/-}-$(date -u +%Y%m%d%H%M%S)"
backup=${backup:0:128}
log "copying $server/$database to $backup before migrating"
az sql db copy -g "$rg" -s "$server" -n "$database" --dest-name "$backup" >/dev/null || fail "database copy failed; migrations not run"
status=$(az sql db show -g "$rg" -s "$server" -n "$backup" --query status -o tsv) || fail "backup $backup cannot be read; migrations not run"
[[ $status == Online ]] || fail "backup $backup is '$status', not Online; migrations not run"
set_variable DB_BACKUP_NAME "$backup"

"$bundle" --connection "$ERP_CONNECTION_STRING" || fail "migrations failed; the pre-migration copy is $backup"
log "migrations applied; pre-migration copy: $backup"
