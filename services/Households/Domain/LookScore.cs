namespace Coordination.Households.Domain;

public sealed record LookScore(string Look, int Score, double Weight, string Reason);
