using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Data;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Households.V1;

namespace Coordination.Households.Registration;

/// <summary>
/// Key rotation: every cipher text names its key, so after a new key becomes current (the old one
/// retired, still able to decrypt) the stored names and ID numbers are re-encrypted a batch at a
/// time. The keyed hashes do not change: the hash key is not rotated by this.
/// </summary>
public sealed class PersonalDataReencryption(HouseholdsDbContext db, PersonalDataProtector protector)
{
    public const int DefaultBatchSize = 1000;

    public async Task<Api.ReencryptPersonalDataResponse> RunAsync(Api.ReencryptPersonalDataRequest request, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Require(request.BatchSize is >= 0 and <= 10_000, "batch_size", $"must be from 1 to 10,000 (0 for {DefaultBatchSize})");
        v.ThrowIfInvalid();
        var prefix = protector.CurrentPrefix;
        var due = db.Members.Where(m => !m.NameEncrypted.StartsWith(prefix) || !m.NationalIdEncrypted.StartsWith(prefix));
        var batch = await due.AsNoTracking().OrderBy(m => m.Id).Take(request.BatchSize == 0 ? DefaultBatchSize : request.BatchSize)
            .Select(m => new { m.Id, m.NameEncrypted, m.NationalIdEncrypted }).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var m in batch)
        {
            var (name, nationalId) = (protector.Reencrypt(m.NameEncrypted), protector.Reencrypt(m.NationalIdEncrypted));
            // Only if unchanged since read: a member updated meanwhile already has cipher texts of the current key.
            done += await db.Members
                .Where(x => x.Id == m.Id && x.NameEncrypted == m.NameEncrypted && x.NationalIdEncrypted == m.NationalIdEncrypted)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NameEncrypted, name).SetProperty(x => x.NationalIdEncrypted, nationalId), cancellationToken);
        }
        return new Api.ReencryptPersonalDataResponse
        {
            Reencrypted = done, Remaining = await due.CountAsync(cancellationToken), KeyId = protector.CurrentKeyId,
        };
    }
}
