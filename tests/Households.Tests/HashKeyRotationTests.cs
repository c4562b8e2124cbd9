using System.Security.Cryptography;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Households.Tests;

/// <summary>
/// The lookup hash names its key, so the hash key can be rotated: while the re-hash runs, a person
/// filed under the previous key is still found and still one person, one household; afterwards the
/// previous key can go.
/// </summary>
public class HashKeyRotationTests
{
    [Fact]
    public async Task A_person_is_found_and_kept_unique_across_a_hash_key_rotation()
    {
        var database = await TestEnvironment.CreateDatabaseAsync(DatabaseProvider.Sqlite, "households");
        var (oldKey, newKey) = (Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var first = People.Family();
        string householdId, headId;
        await using (var before = new HouseholdsFactory(DatabaseProvider.Sqlite, database, new Dictionary<string, string?> { ["PersonalData:HashKey"] = oldKey }))
        {
            var registered = await before.Registry().RegisterHouseholdAsync(first);
            (householdId, headId) = (registered.HouseholdId, registered.Members.Single(m => m.Relation == Relation.Head).PersonId);
            Assert.All(await HashesAsync(before, householdId), h => Assert.Equal((64, "h1:"), (h.Length, h[..3])));
            // One row as an earlier release wrote it: the first key's HMAC in hex, with no key id.
            var head = first.Members[0].NationalId;
            var legacy = Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(oldKey), System.Text.Encoding.UTF8.GetBytes(head)));
            await before.WithDbAsync(db => db.Members.Where(m => m.HouseholdId == Guid.Parse(householdId) && m.Relation == Contracts.Relation.Head)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NationalIdHash, legacy)));
        }

        var rotating = new Dictionary<string, string?>
        {
            ["PersonalData:HashKey"] = newKey, ["PersonalData:HashKeyId"] = "2", ["PersonalData:PreviousHashKeys:1"] = oldKey,
        };
        await using (var during = new HouseholdsFactory(DatabaseProvider.Sqlite, database, rotating))
        {
            var registry = during.Registry();
            foreach (var member in first.Members)
                Assert.Equal(householdId, (await registry.ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = member.NationalId })).HouseholdId);
            await RefusedAsDuplicateAsync(registry, first);

            var added = await registry.RegisterHouseholdAsync(People.Family());
            Assert.All(await HashesAsync(during, added.HouseholdId), h => Assert.StartsWith("h2:", h));

            var rehash = await registry.ReencryptPersonalDataAsync(new ReencryptPersonalDataRequest());
            Assert.Equal((3, 0), (rehash.Reencrypted, rehash.Remaining));
            Assert.All(await HashesAsync(during, householdId), h => Assert.Equal((64, "h2:"), (h.Length, h[..3])));
        }

        // Re-hashed: the previous key can go, and nothing is lost.
        await using var after = new HouseholdsFactory(DatabaseProvider.Sqlite, database,
            new Dictionary<string, string?> { ["PersonalData:HashKey"] = newKey, ["PersonalData:HashKeyId"] = "2" });
        foreach (var member in first.Members)
            Assert.Equal(householdId, (await after.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = member.NationalId })).HouseholdId);
        await RefusedAsDuplicateAsync(after.Registry(), first);
        // The name keys were re-made too: the same person filed again is still a duplicate candidate.
        var again = DeduplicationTests.FiledAgain(first, headName: first.Members[0].Name);
        await after.Registry().RegisterHouseholdAsync(again);
        Assert.Contains((await after.Registry().ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates,
            c => c.Person.PersonId == headId || c.OtherPerson.PersonId == headId);
    }

    /// <summary>The head filed again in another household: one person, one household.</summary>
    private static async Task RefusedAsDuplicateAsync(HouseholdRegistry.HouseholdRegistryClient registry, RegisterHouseholdRequest first)
    {
        var copy = People.Family();
        copy.Members[0].NationalId = first.Members[0].NationalId;
        copy.Members[0].BirthDate = first.Members[0].BirthDate;
        copy.Members[0].Sex = first.Members[0].Sex;
        var refused = await Assert.ThrowsAsync<RpcException>(() => registry.RegisterHouseholdAsync(copy).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
    }

    private static Task<List<string>> HashesAsync(HouseholdsFactory factory, string householdId) =>
        factory.WithDbAsync(db => db.Members.Where(m => m.HouseholdId == Guid.Parse(householdId)).Select(m => m.NationalIdHash).ToListAsync());
}
