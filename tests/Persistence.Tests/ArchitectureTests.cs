using System.Reflection;
using Coordination.BuildingBlocks.Persistence;
using Xunit;

namespace Coordination.Persistence.Tests;

/// <summary>
/// One bounded context per service: a service never reads another's database, so no service's
/// assembly may reference another's (its DbContext, its entities), only the building blocks and contracts.
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly[] Services =
    [
        typeof(Households.Data.HouseholdsDbContext).Assembly, typeof(Ledger.Data.LedgerDbContext).Assembly,
        typeof(Industry.Data.IndustryDbContext).Assembly, typeof(Education.Data.EducationDbContext).Assembly,
        typeof(Medical.Data.MedicalDbContext).Assembly, typeof(Donors.Data.DonorsDbContext).Assembly,
        typeof(Gateway.Data.GatewayDbContext).Assembly,
    ];

    public static TheoryData<string> ServiceNames() => new(Services.Select(a => a.GetName().Name!));

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_references_no_other_service(string service)
    {
        var assembly = Services.Single(a => a.GetName().Name == service);
        var others = Services.Where(a => a != assembly).Select(a => a.GetName().Name).ToHashSet();

        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name).Where(others.Contains).ToList();

        Assert.Empty(referenced);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_has_one_database_context_and_its_provider_flavours(string service)
    {
        var contexts = Services.Single(a => a.GetName().Name == service).GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ServiceDbContext))).ToList();
        // The provider-neutral context, and one derived context per provider beside its migrations.
        var neutral = Assert.Single(contexts, t => t.BaseType is { } b && !b.Assembly.Equals(t.Assembly));
        Assert.All(contexts.Where(t => t != neutral), t => Assert.Equal(neutral, t.BaseType));
        Assert.Equal(3, contexts.Count - 1);
    }
}
