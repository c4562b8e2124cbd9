using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Data.Migrations.PostgreSql;

/// <summary>The PostgreSql flavour of the context: EF Core keeps one migrations set per context type.</summary>
public sealed class PostgreSqlDonorsDbContext(DbContextOptions<PostgreSqlDonorsDbContext> options) : DonorsDbContext(options);
