using Xunit;

namespace Coordination.EndToEnd.Tests;

/// <summary>
/// The cluster fault test runs alone: it kills processes on purpose, and sharing two cores with the
/// other end-to-end suites would stretch its recovery past its patience.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterFaultCollection
{
    public const string Name = "cluster-faults";
}
