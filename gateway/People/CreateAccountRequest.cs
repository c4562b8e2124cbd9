namespace Coordination.Gateway.People;

public sealed record CreateAccountRequest(string? UserName, string? DisplayName, string? Password,
    string[]? Roles, string[]? Permissions, string[]? Regions);
