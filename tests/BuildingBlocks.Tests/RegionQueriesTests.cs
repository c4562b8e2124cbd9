using Coordination.BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.BuildingBlocks.Tests;

public sealed class RegionQueriesTests : IAsyncLifetime
{
    private static readonly string[] Codes =
        ["520402101201", "520402101299", "520403000001", "520499999999", "529999999999", "530102001001", "990000000001"];

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private PlacesContext _db = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = new PlacesContext(new DbContextOptionsBuilder<PlacesContext>().UseSqlite(_connection).Options);
        await _db.Database.EnsureCreatedAsync();
        _db.Places.AddRange(Codes.Select(code => new Place { Id = Guid.NewGuid(), RegionCode = code }));
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Theory]
    [InlineData("520402")]
    [InlineData("5204")]
    [InlineData("52")]
    [InlineData("5299")] // the range ends at "53"
    [InlineData("99")] // nothing follows: no upper bound
    [InlineData("520402101201")]
    public async Task A_region_selects_the_codes_that_start_with_its_prefix(string prefix)
    {
        var found = await _db.Places.InRegion(p => p.RegionCode, prefix).Select(p => p.RegionCode).OrderBy(c => c).ToListAsync();
        Assert.Equal(Codes.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal), found);
    }

    [Theory]
    [InlineData("520402,53")]
    [InlineData("5299,99")]
    [InlineData("")]
    public async Task A_scope_of_several_regions_selects_the_codes_under_any_of_them(string list)
    {
        var prefixes = list.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var found = await _db.Places.InAnyRegion(p => p.RegionCode, prefixes).Select(p => p.RegionCode).OrderBy(c => c).ToListAsync();
        Assert.Equal(Codes.Where(c => prefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal), found);
    }

    [Fact]
    public async Task SQLite_seeks_the_region_index_for_the_range()
    {
        await using var command = _db.Places.InRegion(p => p.RegionCode, "520402").CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, step => step.Contains("USING COVERING INDEX IX_Places_RegionCode (RegionCode>? AND RegionCode<?)", StringComparison.Ordinal)
            || step.Contains("USING INDEX IX_Places_RegionCode (RegionCode>? AND RegionCode<?)", StringComparison.Ordinal));
    }

    private sealed class PlacesContext(DbContextOptions<PlacesContext> options) : DbContext(options)
    {
        public DbSet<Place> Places => Set<Place>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Place>().HasIndex(p => p.RegionCode);
    }

    private sealed class Place
    {
        public Guid Id { get; set; }
        public string RegionCode { get; set; } = "";
    }
}
