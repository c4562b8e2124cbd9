namespace Coordination.BuildingBlocks.PersonalData;

public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>DEVELOPMENT ONLY: published keys, so a newcomer's suite starts with nothing configured; refused anywhere else.</summary>
    public const string DevelopmentEncryptionKey = "ZGV2ZWxvcG1lbnQtb25seS1lbmNyeXB0aW9uLWtleSE=";

    public const string DevelopmentHashKey = "ZGV2ZWxvcG1lbnQtb25seS1oYXNoLWtleS1ub3Qtc2VjcmV0";

    /// <summary>Base64 of 32 bytes: the AES-256-GCM key that encrypts personal data at rest.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The id of <see cref="EncryptionKey"/>, stored with every cipher text so that keys can be rotated.</summary>
    public string EncryptionKeyId { get; set; } = PersonalDataProtector.FirstKeyId;

    /// <summary>Earlier keys by id (base64): they still decrypt what they encrypted until it is re-encrypted; they never encrypt.</summary>
    public Dictionary<string, string> RetiredEncryptionKeys { get; set; } = [];

    /// <summary>
    /// Refuse cipher texts written before binding ("v1:", "k&lt;id&gt;:"). Set once ReencryptPersonalData
    /// reports none remaining: an unbound one from an old backup could otherwise be pasted into any row.
    /// </summary>
    public bool RefuseUnboundCipherTexts { get; set; }

    /// <summary>Base64 of at least 32 bytes: the HMAC-SHA256 key of lookup hashes (one person, one hash).</summary>
    public string? HashKey { get; set; }

    /// <summary>The id of <see cref="HashKey"/> (1 to 8 letters and digits), stored in every lookup hash ("h2:...").</summary>
    public string HashKeyId { get; set; } = PersonalDataProtector.FirstKeyId;

    /// <summary>
    /// Earlier hash keys by id (base64): look-ups try them after the current key until the registry's
    /// re-hash (ReencryptPersonalData) has re-made every stored hash with the current one; then remove them.
    /// </summary>
    public Dictionary<string, string> PreviousHashKeys { get; set; } = [];
}
