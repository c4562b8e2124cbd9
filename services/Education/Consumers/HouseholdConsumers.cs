using Coordination.Contracts.Events;
using Coordination.Education.Data;
using Coordination.Education.Dropout;
using MassTransit;
using Directory = Coordination.BuildingBlocks.Households;

namespace Coordination.Education.Consumers;

// The household directory's consumers, each followed by a dropout assessment of the household in the
// same inbox transaction: a child who joins, ages in, moves or whose household exits is assessed as
// soon as education learns of it. They keep the directory's class names, so the queues keep theirs
// ("education-household-registered", ...).

public static class HouseholdConsumers
{
    /// <summary>Used instead of the directory's AddHouseholdDirectoryConsumers.</summary>
    public static IBusRegistrationConfigurator AddEducationHouseholdConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<HouseholdRegisteredConsumer>();
        x.AddConsumer<HouseholdUpdatedConsumer>();
        x.AddConsumer<HouseholdStatusChangedConsumer>();
        x.AddConsumer<HouseholdsMergedConsumer>();
        return x;
    }
}

public sealed class HouseholdRegisteredConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdRegistered>
{
    public async Task Consume(ConsumeContext<HouseholdRegistered> context)
    {
        await new Directory.HouseholdRegisteredConsumer(db).Consume(context);
        await monitor.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}

public sealed class HouseholdUpdatedConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdUpdated>
{
    public async Task Consume(ConsumeContext<HouseholdUpdated> context)
    {
        await new Directory.HouseholdUpdatedConsumer(db).Consume(context);
        await monitor.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}

public sealed class HouseholdStatusChangedConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdStatusChanged>
{
    public async Task Consume(ConsumeContext<HouseholdStatusChanged> context)
    {
        await new Directory.HouseholdStatusChangedConsumer(db).Consume(context);
        await monitor.EvaluateAsync(context.Message.HouseholdId, context.CancellationToken);
    }
}

public sealed class HouseholdsMergedConsumer(EducationDbContext db, DropoutMonitor monitor) : IConsumer<HouseholdsMerged>
{
    public async Task Consume(ConsumeContext<HouseholdsMerged> context)
    {
        await new Directory.HouseholdsMergedConsumer(db).Consume(context);
        // The merged record's alerts clear; the survivor's members come with the registry's HouseholdUpdated.
        await monitor.EvaluateAsync(context.Message.MergedHouseholdId, context.CancellationToken);
    }
}
