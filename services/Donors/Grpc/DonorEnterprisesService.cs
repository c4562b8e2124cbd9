using Coordination.Donors.V1;

namespace Coordination.Donors.Grpc;

/// <summary>Serves coordination.donors.v1.DonorEnterprises; the package is reserved and routed, its calls come with the service's issue.</summary>
public sealed class DonorEnterprisesService : DonorEnterprises.DonorEnterprisesBase;
