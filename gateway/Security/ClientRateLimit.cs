namespace Coordination.Gateway.Security;

public sealed class ClientRateLimit
{
    public int? PermitLimit { get; set; }

    public TimeSpan? Window { get; set; }
}
