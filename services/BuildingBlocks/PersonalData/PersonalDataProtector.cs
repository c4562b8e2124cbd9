using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.PersonalData;

public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>Base64 of 32 bytes: the AES-256-GCM key that encrypts personal data at rest.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Base64 of at least 32 bytes: the HMAC-SHA256 key of lookup hashes (one person, one hash).</summary>
    public string? HashKey { get; set; }
}

/// <summary>
/// Encrypts personal data (names, ID numbers) for storage and computes the keyed hashes used to find
/// a person by ID number without storing the number in clear. The BCL's AES-GCM and HMAC do the
/// cryptography; this class only fixes the format (version, nonce, tag, cipher text) and the keys.
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Version = "v1:";
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        _encryptionKey = Convert.FromBase64String(options.Value.EncryptionKey
            ?? throw new InvalidOperationException("PersonalData:EncryptionKey is not configured."));
        _hashKey = Convert.FromBase64String(options.Value.HashKey
            ?? throw new InvalidOperationException("PersonalData:HashKey is not configured."));
        if (_encryptionKey.Length != 32) throw new InvalidOperationException("PersonalData:EncryptionKey must be 32 bytes.");
        if (_hashKey.Length < 32) throw new InvalidOperationException("PersonalData:HashKey must be at least 32 bytes.");
    }

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize + plain.Length];
        var nonce = buffer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = buffer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, tag.Length);
        aes.Encrypt(nonce, plain, buffer.AsSpan(nonce.Length + tag.Length), tag);
        return Version + Convert.ToBase64String(buffer);
    }

    public string Decrypt(string stored)
    {
        if (!stored.StartsWith(Version, StringComparison.Ordinal))
            throw new CryptographicException("Unknown personal-data format.");
        var buffer = Convert.FromBase64String(stored[Version.Length..]);
        var nonce = buffer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = buffer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        var cipher = buffer.AsSpan(nonce.Length + tag.Length);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_encryptionKey, tag.Length);
        aes.Decrypt(nonce, cipher, tag, plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A keyed hash for exact lookups; equal inputs give equal hashes, and nobody without the key can test a guess.</summary>
    public string Hash(string value) =>
        Convert.ToHexString(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value)));

    /// <summary>A name as responses show it: the first character (the surname, mostly) and a star per other character.</summary>
    public static string MaskName(string name) =>
        name.Length <= 1 ? "*" : string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 1));
}
