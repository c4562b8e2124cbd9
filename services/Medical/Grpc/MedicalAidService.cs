using Coordination.Medical.V1;

namespace Coordination.Medical.Grpc;

/// <summary>Serves coordination.medical.v1.MedicalAid; the package is reserved and routed, its calls come with the service's issue.</summary>
public sealed class MedicalAidService : MedicalAid.MedicalAidBase;
