using Coordination.BuildingBlocks.Security;

namespace Coordination.Gateway.Security;

/// <summary>The security options as bound at start, for the token endpoint.</summary>
public sealed record SecurityOptionsHolder(SecurityOptions Options);
