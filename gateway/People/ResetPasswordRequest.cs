namespace Coordination.Gateway.People;

public sealed record ResetPasswordRequest(string? NewPassword);
