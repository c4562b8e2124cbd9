using System.Security.Cryptography;
using System.Text;
using Coordination.Households.V1;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Households.Tests;

/// <summary>
/// Rewrites a household's members as an earlier release stored them: "v1:" cipher texts of the first
/// key without associated data, the first 4 and last 4 characters of the ID, a star per character of the name.
/// </summary>
public static class LegacyRows
{
    public static async Task WriteAsync(HouseholdsFactory factory, Guid householdId, string firstKey, RegisterHouseholdRequest request)
    {
        var key = Convert.FromBase64String(firstKey);
        await factory.WithDbAsync(async db =>
        {
            var members = await db.Members.Where(m => m.HouseholdId == householdId).ToListAsync();
            foreach (var (member, input) in members.OrderBy(m => m.Id).Zip(await InputsAsync(factory, householdId, request, members.Select(m => m.Id))))
            {
                await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NameEncrypted, Encrypt(key, input.Name))
                    .SetProperty(m => m.NationalIdEncrypted, Encrypt(key, input.NationalId))
                    .SetProperty(m => m.NameMasked, input.Name[..1] + new string('*', input.Name.Length - 1))
                    .SetProperty(m => m.NationalIdMasked, input.NationalId[..4] + "**********" + input.NationalId[14..]));
            }
            return 0;
        });
    }

    /// <summary>The "v1:" format: nonce, tag, cipher text, with no associated data.</summary>
    public static string Encrypt(byte[] key, string plaintext)
    {
        using var aes = new AesGcm(key, 16);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[12 + 16 + plain.Length];
        RandomNumberGenerator.Fill(buffer.AsSpan(0, 12));
        aes.Encrypt(buffer.AsSpan(0, 12), plain, buffer.AsSpan(28), buffer.AsSpan(12, 16));
        return "v1:" + Convert.ToBase64String(buffer);
    }

    // Which input each member was: by the keyed hash the registry stored for its number.
    private static async Task<List<MemberInput>> InputsAsync(HouseholdsFactory factory, Guid householdId, RegisterHouseholdRequest request, IEnumerable<Guid> ids)
    {
        var protector = factory.Services.GetService(typeof(BuildingBlocks.PersonalData.PersonalDataProtector)) as BuildingBlocks.PersonalData.PersonalDataProtector
            ?? throw new InvalidOperationException("No protector.");
        var hashes = await factory.WithDbAsync(db => db.Members.Where(m => m.HouseholdId == householdId).ToDictionaryAsync(m => m.Id, m => m.NationalIdHash));
        return ids.Order().Select(id => request.Members.Single(i => protector.Hash(i.NationalId.ToUpperInvariant()) == hashes[id])).ToList();
    }
}
