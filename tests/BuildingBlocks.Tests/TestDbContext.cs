using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.BuildingBlocks.Tests;

/// <summary>A minimal service database: some state beside the outbox and inbox every service has.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : MessagingDbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    public DbSet<Counter> Counters => Set<Counter>();

    public static async Task<TestDbContext> CreateAsync(DatabaseProvider provider, string connectionString)
    {
        var db = PersistenceExtensions.CreateContext<TestDbContext>(provider, connectionString);
        await db.Database.EnsureCreatedAsync();
        return db;
    }
}

public sealed class Note
{
    public Guid Id { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>A deliberately non-idempotent effect: counting deliveries shows whether the inbox works.</summary>
public sealed class Counter
{
    public Guid Id { get; set; }
    public int Value { get; set; }
}
