using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// The base of every context <see cref="PersistenceExtensions.AddServiceDbContext{TContext, TSqlite, TPostgreSql, TSqlServer}"/>
/// registers: what all of them share whatever their provider. A context that publishes or consumes
/// integration events derives from <see cref="MessagingDbContext"/> instead.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC. SQLite hands them back unspecified and PostgreSQL refuses to write
        // an unspecified one to timestamptz, so the kind is fixed on the way in and out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
