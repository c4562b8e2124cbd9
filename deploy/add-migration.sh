#!/usr/bin/env bash
# Adds one migration to a service for every database provider (SQLite, PostgreSQL, SQL Server):
# EF Core keeps a migrations set per context type, one derived context per provider.
#   bash deploy/add-migration.sh Households AddMonitoringFlags
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:?service folder under services/, e.g. Households}
name=${2:?migration name}
project=services/$service/Coordination.$service.csproj
# The gateway keeps its token clients and audit log the same way: bash deploy/add-migration.sh Gateway Name
[ "$service" = Gateway ] && project=gateway/Coordination.Gateway.csproj
dotnet tool restore >/dev/null
dotnet build "$project" -c Debug -v q -nologo >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" --no-build --project "$project" \
    --context "${provider}${service}DbContext" --output-dir "Data/Migrations/$provider"
done
