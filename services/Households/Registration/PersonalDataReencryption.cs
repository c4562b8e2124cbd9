using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Data;
using Coordination.Households.Deduplication;
using Coordination.Households.Domain;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Registration;

/// <summary>
/// Brings stored personal data up to the current rules, a batch at a time: cipher texts of the
/// current key bound to their member (rows of a retired key, or written before binding, are
/// re-encrypted), lookup hashes and name keys of the current hash key (re-hashed after a rotation),
/// and masked forms no wider than today's mask (rows masked by an earlier rule).
/// </summary>
public sealed class PersonalDataReencryption(HouseholdsDbContext db, PersonalDataProtector protector, PersonNames names)
{
    public const int DefaultBatchSize = 1000;

    // A masked ID of the current rule starts with 17 stars; a masked name has exactly one.
    private const string MaskedIdStart = "*****************";

    public async Task<Api.ReencryptPersonalDataResponse> RunAsync(Api.ReencryptPersonalDataRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Require(request.BatchSize is >= 0 and <= 10_000, "batch_size", $"must be from 1 to 10,000 (0 for {DefaultBatchSize})");
        v.ThrowIfInvalid();
        var (prefix, hashPrefix) = (protector.CurrentPrefix, protector.CurrentHashPrefix);
        var due = db.Members.Where(m => !m.NameEncrypted.StartsWith(prefix) || !m.NationalIdEncrypted.StartsWith(prefix)
            || !m.NationalIdHash.StartsWith(hashPrefix) || !m.NationalIdMasked.StartsWith(MaskedIdStart) || m.NameMasked.EndsWith("**"));
        var batch = await due.AsNoTracking().OrderBy(m => m.Id).Take(request.BatchSize == 0 ? DefaultBatchSize : request.BatchSize)
            .Select(m => new { m.Id, m.NameEncrypted, m.NationalIdEncrypted, m.BirthDate }).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var m in batch)
        {
            var name = protector.Reencrypt(m.NameEncrypted, PersonalDataColumns.Name, m.Id);
            var nationalId = protector.Reencrypt(m.NationalIdEncrypted, PersonalDataColumns.NationalId, m.Id);
            var (plainName, plainId) = (protector.Decrypt(name, PersonalDataColumns.Name, m.Id), protector.Decrypt(nationalId, PersonalDataColumns.NationalId, m.Id));
            var (nameMasked, idMasked, hash) = (PersonalDataMask.Name(plainName), PersonalDataMask.NationalId(plainId), protector.Hash(plainId));
            var (nameKey, pinyinKey) = names.Keys(plainName, m.BirthDate);
            // Only if unchanged since read: a member updated meanwhile already has cipher texts of the current key.
            done += await db.Members
                .Where(x => x.Id == m.Id && x.NameEncrypted == m.NameEncrypted && x.NationalIdEncrypted == m.NationalIdEncrypted)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.NameEncrypted, name).SetProperty(x => x.NationalIdEncrypted, nationalId)
                    .SetProperty(x => x.NameMasked, nameMasked).SetProperty(x => x.NationalIdMasked, idMasked)
                    .SetProperty(x => x.NationalIdHash, hash).SetProperty(x => x.NameKey, nameKey).SetProperty(x => x.PinyinKey, pinyinKey), cancellationToken);
        }
        return new Api.ReencryptPersonalDataResponse
        {
            Reencrypted = done, Remaining = await due.CountAsync(cancellationToken), KeyId = protector.CurrentKeyId,
        };
    }
}
