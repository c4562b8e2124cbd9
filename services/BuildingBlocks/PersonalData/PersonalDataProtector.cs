using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.PersonalData;

/// <summary>
/// Encrypts personal data (names, ID numbers) for storage and computes the keyed hashes used to find
/// a person by ID number without storing the number in clear. The BCL's AES-GCM and HMAC do the
/// cryptography; this class only fixes the format (version, nonce, tag, cipher text) and the keys.
/// Each cipher text is bound to its column and record id (AES-GCM associated data): one copied to
/// another person or column fails to decrypt instead of showing the wrong person's data.
/// </summary>
public sealed class PersonalDataProtector : IDisposable
{
    /// <summary>The id of the first key. Cipher texts of the first format ("v1:") carry no id: they are this key's.</summary>
    public const string FirstKeyId = "1";

    private const string Version = "v1:";
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    // The current hash key first, then the previous ones: look-ups try them in this order.
    private readonly List<(string Id, byte[] Key)> _hashKeys = [];
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly bool _refuseUnbound;

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
        _refuseUnbound = options.Value.RefuseUnboundCipherTexts;
        CurrentHashKeyId = options.Value.HashKeyId;
        if (CurrentHashKeyId.Length is 0 or > 8 || !CurrentHashKeyId.All(char.IsAsciiLetterOrDigit))
            throw new InvalidOperationException("PersonalData:HashKeyId must be 1 to 8 letters and digits.");
        _hashKeys.Add((CurrentHashKeyId, _hashKey));
        foreach (var (id, key) in options.Value.PreviousHashKeys)
        {
            var bytes = Convert.FromBase64String(key);
            if (bytes.Length < 32) throw new InvalidOperationException($"PersonalData:PreviousHashKeys:{id} must be at least 32 bytes.");
            if (id.Length is 0 or > 8 || !id.All(char.IsAsciiLetterOrDigit) || id == CurrentHashKeyId)
                throw new InvalidOperationException($"PersonalData:PreviousHashKeys:{id}: an id of 1 to 8 letters and digits, not the current one.");
            _hashKeys.Add((id, bytes));
        }
        foreach (var (id, key) in _keys)
            _ciphers[id] = new ThreadLocal<AesGcm>(() => new AesGcm(key, AesGcm.TagByteSizes.MaxSize), trackAllValues: true);
    }

    /// <summary>The key new cipher texts are made with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>
    /// How a cipher text of the current key, bound to its record, starts ("a2:"); anything else (an
    /// earlier key, or "v1:"/"k2:" written before binding) is due for re-encryption.
    /// </summary>
    public string CurrentPrefix => $"a{CurrentKeyId}:";

    /// <summary>Decrypts with whichever configured key made the cipher text and encrypts with the current one, bound to the record.</summary>
    public string Reencrypt(string stored, string column, Guid recordId) =>
        stored.StartsWith(CurrentPrefix, StringComparison.Ordinal) ? stored : Encrypt(Decrypt(stored, column, recordId), column, recordId);

    /// <param name="column">What the value is ("members.name"): with <paramref name="recordId"/>, the associated data.</param>
    public string Encrypt(string plaintext, string column, Guid recordId)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize + plain.Length];
        var nonce = buffer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = buffer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        _ciphers[CurrentKeyId].Value!.Encrypt(nonce, plain, buffer.AsSpan(nonce.Length + tag.Length), tag, AssociatedData(column, recordId));
        return CurrentPrefix + Convert.ToBase64String(buffer);
    }

    /// <summary>Throws (CryptographicException) when the cipher text was made for another column or record.</summary>
    public string Decrypt(string stored, string column, Guid recordId)
    {
        // "a<id>:<base64>" is bound to its record; "v1:<base64>" (the first key) and "k<id>:<base64>"
        // were written before binding and are read without it until re-encryption binds them.
        string keyId;
        int start;
        var bound = false;
        if (stored.StartsWith(Version, StringComparison.Ordinal)) (keyId, start) = (FirstKeyId, Version.Length);
        else if (stored.Length > 0 && stored[0] is 'k' or 'a' && stored.IndexOf(':') is > 1 and var colon)
            (keyId, start, bound) = (stored[1..colon], colon + 1, stored[0] == 'a');
        else throw new CryptographicException("Unknown personal-data format.");
        if (!bound && _refuseUnbound)
            throw new CryptographicException("Personal data written before binding is refused (PersonalData:RefuseUnboundCipherTexts).");
        if (!_ciphers.TryGetValue(keyId, out var cipher))
            throw new CryptographicException($"Personal data encrypted with key '{keyId}', which is not configured (PersonalData:RetiredEncryptionKeys).");
        var buffer = Convert.FromBase64String(stored[start..]);
        var nonce = buffer.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = buffer.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        var text = buffer.AsSpan(nonce.Length + tag.Length);
        var plain = new byte[text.Length];
        cipher.Value!.Decrypt(nonce, text, tag, plain, bound ? AssociatedData(column, recordId) : null);
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(string column, Guid recordId) => Encoding.UTF8.GetBytes($"{column}/{recordId:N}");

    /// <summary>The hash key new lookup hashes are made with; each stored hash names it ("h2:...").</summary>
    public string CurrentHashKeyId { get; }

    /// <summary>How a lookup hash of the current key starts; any other stored hash is due for re-hashing.</summary>
    public string CurrentHashPrefix => HashPrefix(CurrentHashKeyId);

    /// <summary>
    /// A keyed hash for exact lookups, naming its key: "h&lt;id&gt;:" and the HMAC-SHA256 in hex, cut to 64
    /// characters (at least 220 bits), the column's width. Nobody without the key can test a guess.
    /// </summary>
    public string Hash(string value) => Form(CurrentHashKeyId, Digest(value));

    /// <summary>
    /// Every stored form the value's hash may have, the current key's first: while a rotation's
    /// re-hash runs, rows still carry a previous key's hash. The first key's hashes were written
    /// without an id (64 hex characters) and are tried too while that key is configured.
    /// </summary>
    public IReadOnlyList<string> LookupHashes(string value)
    {
        var forms = new List<string>(_hashKeys.Count + 1);
        var data = Encoding.UTF8.GetBytes(value);
        foreach (var (id, key) in _hashKeys)
        {
            var hex = Convert.ToHexString(HMACSHA256.HashData(key, data));
            forms.Add(Form(id, hex));
            if (id == FirstKeyId) forms.Add(hex);
        }
        return forms;
    }

    /// <summary>The current key's HMAC in hex, without an id: for derived keys (name keys) re-made whole by a re-hash.</summary>
    public string Digest(string value) => Convert.ToHexString(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value)));

    private static string HashPrefix(string keyId) => $"h{keyId}:";

    private static string Form(string keyId, string hex)
    {
        var prefix = HashPrefix(keyId);
        return prefix + hex[..(64 - prefix.Length)];
    }

    public void Dispose()
    {
        foreach (var cipher in _ciphers.Values)
        {
            foreach (var aes in cipher.Values) aes.Dispose();
            cipher.Dispose();
        }
    }
}
