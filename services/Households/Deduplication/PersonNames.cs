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
    public PersonalName Protect(string name, DateOnly birthDate, Guid personId)
    {
        var (nameKey, pinyinKey) = Keys(name, birthDate);
        return new PersonalName(protector.Encrypt(name, PersonalDataColumns.Name, personId), PersonalDataMask.Name(name), nameKey, pinyinKey);
    }

    public (string NameKey, string PinyinKey) Keys(string name, DateOnly birthDate)
    {
        var simplified = normalizer.Simplified(name);
        var born = birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return (Key("name:" + born + ":" + simplified), Key("pinyin:" + born + ":" + normalizer.PinyinOfSimplified(simplified)));
    }

    private string Key(string value) => protector.Digest(value)[..32];
}
