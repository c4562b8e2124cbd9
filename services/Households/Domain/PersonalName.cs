namespace Coordination.Households.Domain;

/// <summary>A name as stored: encrypted, the masked form responses show, and the keyed hashes that match it.</summary>
public readonly record struct PersonalName(string Encrypted, string Masked, string NameKey, string PinyinKey);
