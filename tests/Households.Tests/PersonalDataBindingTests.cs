using System.Security.Cryptography;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Xunit;

namespace Coordination.Households.Tests;

/// <summary>
/// A cipher text is bound to its member and column: copied to another person's row, or to the other
/// column of the same row, it fails to decrypt rather than showing someone else's data as theirs.
/// </summary>
public class PersonalDataBindingTests
{
    private static readonly UnmaskedRead Read = new() { RequestedBy = "安全员", Purpose = "密文绑定核对" };

    private static PersonalDataProtector Protector(string key) => new(Options.Create(new PersonalDataOptions
    {
        EncryptionKey = key, HashKey = PersonalDataOptions.DevelopmentHashKey,
    }));

    [Fact]
    public void A_cipher_text_decrypts_only_for_its_own_column_and_record()
    {
        using var protector = Protector(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var (person, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var stored = protector.Encrypt("11010519491231002X", "members.national_id", person);

        Assert.Equal("11010519491231002X", protector.Decrypt(stored, "members.national_id", person));
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt(stored, "members.national_id", other));
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt(stored, "members.name", person));
        // Rewriting the prefix as an unbound format does not help: the tag was made over the associated data.
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt("v1:" + stored[(stored.IndexOf(':') + 1)..], "members.national_id", other));
    }

    [Fact]
    public void An_old_unbound_cipher_text_still_decrypts_and_re_encryption_binds_it()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var protector = Protector(key);
        var person = Guid.CreateVersion7();
        var old = LegacyRows.Encrypt(Convert.FromBase64String(key), "王大山");

        Assert.Equal("王大山", protector.Decrypt(old, "members.name", person));
        var bound = protector.Reencrypt(old, "members.name", person);
        Assert.StartsWith(protector.CurrentPrefix, bound);
        Assert.Equal("王大山", protector.Decrypt(bound, "members.name", person));
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt(bound, "members.name", Guid.CreateVersion7()));
        Assert.Same(bound, protector.Reencrypt(bound, "members.name", person)); // already current: left alone

        // Once every row is bound, an unbound cipher text (from an old backup, pasted into any row) is refused.
        using var strict = new PersonalDataProtector(Options.Create(new PersonalDataOptions
        {
            EncryptionKey = key, HashKey = PersonalDataOptions.DevelopmentHashKey, RefuseUnboundCipherTexts = true,
        }));
        Assert.ThrowsAny<CryptographicException>(() => strict.Decrypt(old, "members.name", person));
        Assert.Equal("王大山", strict.Decrypt(bound, "members.name", person));
    }

    [Fact]
    public async Task A_cipher_text_moved_to_another_member_or_column_is_refused_by_the_registry()
    {
        await using var factory = await HouseholdsFactory.CreateAsync();
        var household = await factory.Registry().RegisterHouseholdAsync(People.Family());
        var permitted = new HouseholdRegistry.HouseholdRegistryClient(factory.Channel(TestCaller.Broad.Unmasked()));
        var before = await permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = household.HouseholdId, Unmasked = Read });
        var (a, b) = (Guid.Parse(household.Members[0].PersonId), Guid.Parse(household.Members[1].PersonId));

        // Someone with write access to the table gives b the number of a.
        var taken = await factory.WithDbAsync(db => db.Members.Where(m => m.Id == a).Select(m => m.NationalIdEncrypted).SingleAsync());
        await factory.WithDbAsync(db => db.Members.Where(m => m.Id == b).ExecuteUpdateAsync(s => s.SetProperty(m => m.NationalIdEncrypted, taken)));
        var moved = await Assert.ThrowsAsync<RpcException>(() =>
            permitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = household.HouseholdId, Unmasked = Read }).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, moved.StatusCode);
        Assert.DoesNotContain(before.Members[0].NationalId, moved.Status.Detail);

        // The name column's cipher text put in the number's column of the same row: refused too.
        await using var other = await HouseholdsFactory.CreateAsync();
        var second = await other.Registry().RegisterHouseholdAsync(People.Family());
        var c = Guid.Parse(second.Members[0].PersonId);
        await other.WithDbAsync(db => db.Members.Where(m => m.Id == c).ExecuteUpdateAsync(s => s.SetProperty(m => m.NationalIdEncrypted, m => m.NameEncrypted)));
        var otherPermitted = new HouseholdRegistry.HouseholdRegistryClient(other.Channel(TestCaller.Broad.Unmasked()));
        await Assert.ThrowsAsync<RpcException>(() =>
            otherPermitted.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = second.HouseholdId, Unmasked = Read }).ResponseAsync);
    }
}
