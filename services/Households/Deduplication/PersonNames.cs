using System.Collections.Concurrent;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Domain;

namespace Coordination.Households.Deduplication;

/// <summary>
/// The stored forms of a person's name: encrypted, masked, and two keyed hashes of its normalised
/// forms (simplified characters; pinyin) that let possible duplicates be found by equality without
/// keeping the name in clear. The hashes are truncated to 128 bits: they only narrow a search that
/// birth date and county narrow further, and a million people's keys stay small.
/// </summary>
public sealed class PersonNames(PersonalDataProtector protector, NameNormalizer normalizer)
{
    private const int CacheLimit = 100_000;

    // Transliteration is the costly part and names repeat a lot (a bulk import of a county): keys are kept by name.
    private readonly ConcurrentDictionary<string, (string NameKey, string PinyinKey)> _keys = new(StringComparer.Ordinal);

    public PersonalName Protect(string name)
    {
        var (nameKey, pinyinKey) = Keys(name);
        return new PersonalName(protector.Encrypt(name), PersonalDataProtector.MaskName(name), nameKey, pinyinKey);
    }

    public (string NameKey, string PinyinKey) Keys(string name)
    {
        if (_keys.TryGetValue(name, out var keys)) return keys;
        keys = (Key("name:", normalizer.Simplified(name)), Key("pinyin:", normalizer.Pinyin(name)));
        if (_keys.Count >= CacheLimit) _keys.Clear();
        _keys[name] = keys;
        return keys;
    }

    private string Key(string purpose, string value) => protector.Hash(purpose + value)[..32];
}
