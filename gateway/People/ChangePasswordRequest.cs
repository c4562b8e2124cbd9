namespace Coordination.Gateway.People;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
