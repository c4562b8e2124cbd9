using System.Security.Cryptography;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

public class KeyRotationTests
{
    private static readonly UnmaskedRead Read = new() { RequestedBy = "安全员", Purpose = "密钥轮换核对" };

    [Fact]
    public async Task After_a_new_key_becomes_current_old_rows_still_decrypt_and_are_re_encrypted_under_it()
    {
        var database = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "households");
        var (oldKey, newKey) = (Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var request = People.Family();
        string householdId;
        await using (var before = new HouseholdsFactory(DatabaseProvider.Sqlite, database, Settings(oldKey)))
        {
            householdId = (await before.Registry().RegisterHouseholdAsync(request)).HouseholdId;
            Assert.All(await StoredAsync(before, Guid.Parse(householdId)), c => Assert.StartsWith("a1:", c));
            // Rows as an earlier release wrote them: unbound "v1:" cipher texts, the wide masks.
            await LegacyRows.WriteAsync(before, Guid.Parse(householdId), oldKey, request);
        }

        var rotated = Settings(newKey);
        rotated["PersonalData:EncryptionKeyId"] = "2";
        rotated["PersonalData:RetiredEncryptionKeys:1"] = oldKey;
        await using (var during = new HouseholdsFactory(DatabaseProvider.Sqlite, database, rotated))
        {
            // Old rows decrypt with the retired key; new rows are made with the current one.
            await ReadsInClearAsync(during, householdId, request);
            var added = await during.Registry().RegisterHouseholdAsync(People.Family());
            Assert.All(await StoredAsync(during, Guid.Parse(added.HouseholdId)), c => Assert.StartsWith("a2:", c));
            Assert.All(await StoredAsync(during, Guid.Parse(householdId)), c => Assert.StartsWith("v1:", c));

            var first = await during.Registry().ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest { BatchSize = 2 });
            Assert.Equal((2, 1, "2"), (first.Reencrypted, first.Remaining, first.KeyId));
            var second = await during.Registry().ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest());
            Assert.Equal((1, 0), (second.Reencrypted, second.Remaining));
            // Re-encrypted, bound to their member, and masked by today's rule.
            Assert.All(await StoredAsync(during, Guid.Parse(householdId)), c => Assert.StartsWith("a2:", c));
            var masks = await during.WithDbAsync(db => db.Members.Where(m => m.HouseholdId == Guid.Parse(householdId))
                .Select(m => new { m.NameMasked, m.NationalIdMasked }).ToListAsync());
            Assert.All(masks, m => Assert.Equal((2, 18, 17), (m.NameMasked.Length, m.NationalIdMasked.Length, m.NationalIdMasked.Count(c => c == '*'))));
            var bad = await Assert.ThrowsAsync<RpcException>(() => during.Registry().ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest { BatchSize = -1 }).ResponseAsync);
            Assert.Equal(["batch_size"], bad.FieldViolations().Select(v => v.Field));
        }

        // With everything re-encrypted, the old key can go.
        var after = Settings(newKey);
        after["PersonalData:EncryptionKeyId"] = "2";
        await using var final = new HouseholdsFactory(DatabaseProvider.Sqlite, database, after);
        await ReadsInClearAsync(final, householdId, request);
    }

    private static Dictionary<string, string?> Settings(string key) => new()
    {
        ["PersonalData:EncryptionKey"] = key,
    };

    private static async Task ReadsInClearAsync(HouseholdsFactory factory, string householdId, RegisterHouseholdRequest request)
    {
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(factory.Channel(TestCaller.Broad.Unmasked()));
        var read = await permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = householdId, Unmasked = Read });
        Assert.Equal(request.Members.Select(m => m.NationalId).Order(), read.Members.Select(m => m.NationalId).Order());
        Assert.Equal(request.Members.Select(m => m.Name).Order(), read.Members.Select(m => m.Name).Order());
    }

    private static Task<List<string>> StoredAsync(HouseholdsFactory factory, Guid householdId) =>
        factory.WithDbAsync(db => db.Members.Where(m => m.HouseholdId == householdId)
            .Select(m => new[] { m.NameEncrypted, m.NationalIdEncrypted }).ToListAsync())
            .ContinueWith(t => t.Result.SelectMany(x => x).ToList());
}
