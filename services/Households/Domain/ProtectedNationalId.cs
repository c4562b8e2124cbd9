namespace Coordination.Households.Domain;

/// <summary>A national ID as stored: encrypted, its lookup hash (the current key's), and the masked form; and every key's hash to look it up by.</summary>
public readonly record struct ProtectedNationalId(string Encrypted, string Hash, string Masked, IReadOnlyList<string> LookupHashes);
