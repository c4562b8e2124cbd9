using Coordination.Industry.V1;

namespace Coordination.Industry.Grpc;

/// <summary>Serves coordination.industry.v1.IndustryProjects; the package is reserved and routed, its calls come with the service's issue.</summary>
public sealed class IndustryProjectsService : IndustryProjects.IndustryProjectsBase;
