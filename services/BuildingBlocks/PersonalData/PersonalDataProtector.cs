using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.PersonalData;

/// <summary>
/// Encrypts personal data (names, ID numbers) for storage and computes the keyed hashes used to find
/// a person by ID number without storing the number in clear. The BCL's AES-GCM and HMAC do the
/// cryptography; this class only fixes the format (version, nonce, tag, cipher text) and the keys.
/// </summary>
public sealed class PersonalDataProtector : IDisposable
{
    /// <summary>The id of the first key. Cipher texts of the first format ("v1:") carry no id: they are this key's.</summary>
    public const string FirstKeyId = "1";

    private const string Version = "v1:";
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    // Setting up an AES-GCM context costs more than encrypting a name, and a bulk import encrypts
    // millions: each thread keeps one per key (an AesGcm instance is not safe to share between threads).
    private readonly Dictionary<string, ThreadLocal<AesGcm>> _ciphers = new(StringComparer.Ordinal);

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        _encryptionKey = Convert.FromBase64String(options.Value.EncryptionKey
            ?? throw new InvalidOperationException("PersonalData:EncryptionKey is not configured."));
        _hashKey = Convert.FromBase64String(options.Value.HashKey
            ?? throw new InvalidOperationException("PersonalData:HashKey is not configured."));
        if (_encryptionKey.Length != 32) throw new InvalidOperationException("PersonalData:EncryptionKey must be 32 bytes.");
        if (_hashKey.Length < 32) throw new InvalidOperationException("PersonalData:HashKey must be at least 32 bytes.");
        CurrentKeyId = options.Value.EncryptionKeyId;
        if (CurrentKeyId.Length == 0 || !CurrentKeyId.All(char.IsAsciiLetterOrDigit))
            throw new InvalidOperationException("PersonalData:EncryptionKeyId must be letters and digits.");
        foreach (var (id, key) in options.Value.RetiredEncryptionKeys)
        {
            _keys[id] = Convert.FromBase64String(key);
            if (_keys[id].Length != 32) throw new InvalidOperationException($"PersonalData:RetiredEncryptionKeys:{id} must be 32 bytes.");
        }
        _keys[CurrentKeyId] = _encryptionKey;
        foreach (var (id, key) in _keys)
            _ciphers[id] = new ThreadLocal<AesGcm>(() => new AesGcm(key, AesGcm.TagByteSizes.MaxSize), trackAllValues: true);
    }

    /// <summary>The key new cipher texts are made with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>How a cipher text made with the current key starts ("k2:"); anything else is due for re-encryption.</summary>
    public string CurrentPrefix => CurrentKeyId == FirstKeyId ? Version : $"k{CurrentKeyId}:";

    /// <summary>Decrypts with whichever configured key made the cipher text and encrypts with the current one.</summary>
    public string Reencrypt(string stored) => stored.StartsWith(CurrentPrefix, StringComparison.Ordinal) ? stored : Encrypt(Decrypt(stored));

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize + plain.Length];
        var nonce = buffer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = buffer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        _ciphers[CurrentKeyId].Value!.Encrypt(nonce, plain, buffer.AsSpan(nonce.Length + tag.Length), tag);
        return CurrentPrefix + Convert.ToBase64String(buffer);
    }

    public string Decrypt(string stored)
    {
        // "v1:<base64>" is the first key's; "k<id>:<base64>" names its key.
        string keyId;
        int start;
        if (stored.StartsWith(Version, StringComparison.Ordinal)) (keyId, start) = (FirstKeyId, Version.Length);
        else if (stored.StartsWith('k') && stored.IndexOf(':') is > 1 and var colon) (keyId, start) = (stored[1..colon], colon + 1);
        else throw new CryptographicException("Unknown personal-data format.");
        if (!_ciphers.TryGetValue(keyId, out var cipher))
            throw new CryptographicException($"Personal data encrypted with key '{keyId}', which is not configured (PersonalData:RetiredEncryptionKeys).");
        var buffer = Convert.FromBase64String(stored[start..]);
        var nonce = buffer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = buffer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        var text = buffer.AsSpan(nonce.Length + tag.Length);
        var plain = new byte[text.Length];
        cipher.Value!.Decrypt(nonce, text, tag, plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A keyed hash for exact lookups; equal inputs give equal hashes, and nobody without the key can test a guess.</summary>
    public string Hash(string value) =>
        Convert.ToHexString(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value)));

    public void Dispose()
    {
        foreach (var cipher in _ciphers.Values)
        {
            foreach (var aes in cipher.Values) aes.Dispose();
            cipher.Dispose();
        }
    }
}
