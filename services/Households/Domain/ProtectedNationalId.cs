namespace Coordination.Households.Domain;

/// <summary>A national ID as stored: encrypted, its lookup hash, and the masked form.</summary>
public readonly record struct ProtectedNationalId(string Encrypted, string Hash, string Masked);
