using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.BuildingBlocks.Households;

public static class HouseholdDirectory
{
    /// <summary>Adds the directory's tables to a service's model (call from OnModelCreating).</summary>
    public static ModelBuilder AddHouseholdDirectory(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KnownHousehold>(e =>
        {
            e.ToTable("KnownHouseholds");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedNever();
            e.Property(h => h.RegionCode).HasMaxLength(12).IsFixedLength();
            e.HasIndex(h => h.RegionCode);
            e.HasMany(h => h.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.MonitoringFlags).WithOne().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(h => h.InPoverty);
            e.Ignore(h => h.IsMonitored);
        });
        modelBuilder.Entity<KnownMonitoringFlag>(e =>
        {
            e.ToTable("KnownMonitoringFlags");
            e.HasKey(f => new { f.HouseholdId, f.Category });
        });
        modelBuilder.Entity<KnownMember>(e =>
        {
            e.ToTable("KnownMembers");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedNever();
        });
        return modelBuilder;
    }

    /// <summary>The directory's options (the buffer period) from configuration section "Households".</summary>
    public static IHostApplicationBuilder AddHouseholdDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<HouseholdDirectoryOptions>(builder.Configuration.GetSection(HouseholdDirectoryOptions.Section));
        return builder;
    }

    /// <summary>
    /// Registers the consumers that keep the directory (queues "&lt;service&gt;-household-registered", ...).
    /// The inbox filter commits what they change and drops redeliveries; the registry's version (for
    /// flags, the event's time) keeps them right when events overtake each other.
    /// </summary>
    public static IBusRegistrationConfigurator AddHouseholdDirectoryConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<HouseholdRegisteredConsumer>();
        x.AddConsumer<HouseholdUpdatedConsumer>();
        x.AddConsumer<HouseholdStatusChangedConsumer>();
        x.AddConsumer<HouseholdsMergedConsumer>();
        x.AddConsumer<MonitoringFlagRaisedConsumer>();
        x.AddConsumer<MonitoringFlagClearedConsumer>();
        return x;
    }

    /// <summary>
    /// Loads a household that may receive aid now: registered, returned to poverty, or exited within
    /// the buffer period. Anything else is a rule the caller's request breaks, named in the error.
    /// </summary>
    public static async Task<KnownHousehold> GetEligibleAsync(
        this ServiceDbContext db, Guid householdId, DateOnly today, HouseholdDirectoryOptions options, CancellationToken cancellationToken)
    {
        var household = await db.Set<KnownHousehold>().Include(h => h.Members)
            .SingleOrDefaultAsync(h => h.Id == householdId, cancellationToken)
            ?? throw new RuleViolationException("household.unknown",
                $"Household {householdId} is not a registered household known to this service.");
        if (household.MergedInto is { } survivor)
            throw new RuleViolationException("household.merged", $"Household {householdId} was merged into {survivor}; use that household.");
        switch (household.Status)
        {
            case HouseholdStatus.Registered or HouseholdStatus.ReturnedToPoverty:
                return household;
            case HouseholdStatus.Exited when household.ExitYear is { } year && today.Year <= year + options.BufferPeriodYears:
                return household;
            case HouseholdStatus.Exited:
                throw new RuleViolationException("household.exited-past-buffer",
                    $"Household {householdId} exited poverty in {household.ExitYear} and its {options.BufferPeriodYears}-year buffer period is over.");
            default:
                throw new RuleViolationException("household.not-registered", $"Household {householdId} is {household.Status}, not registered.");
        }
    }
}
