using System.Collections.Concurrent;
using System.Globalization;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Domain;

namespace Coordination.Households.Deduplication;

/// <summary>
/// The stored forms of a person's name: encrypted, masked, and two keyed hashes of its normalised
/// forms (simplified characters; pinyin) together with the birth date, which let possible
/// duplicates be found by one index seek without keeping the name in clear. The hashes are
/// truncated to 128 bits: a collision only adds a candidate that a coordinator dismisses.
/// </summary>
public sealed class PersonNames(PersonalDataProtector protector, NameNormalizer normalizer)
{
    private const int CacheLimit = 100_000;

    // Normalising is the costly part and names repeat a lot (a county's bulk import): kept by name.
    private readonly ConcurrentDictionary<string, (string Simplified, string Pinyin)> _normalised = new(StringComparer.Ordinal);

    public PersonalName Protect(string name, DateOnly birthDate)
    {
        var (nameKey, pinyinKey) = Keys(name, birthDate);
        return new PersonalName(protector.Encrypt(name), PersonalDataProtector.MaskName(name), nameKey, pinyinKey);
    }

    public (string NameKey, string PinyinKey) Keys(string name, DateOnly birthDate)
    {
        if (!_normalised.TryGetValue(name, out var forms))
        {
            forms = (normalizer.Simplified(name), normalizer.Pinyin(name));
            if (_normalised.Count >= CacheLimit) _normalised.Clear();
            _normalised[name] = forms;
        }
        var born = birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return (Key("name:" + born + ":" + forms.Simplified), Key("pinyin:" + born + ":" + forms.Pinyin));
    }

    private string Key(string value) => protector.Hash(value)[..32];
}
