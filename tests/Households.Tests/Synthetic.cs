using System.Globalization;
using Coordination.Households.V1;
using Coordination.TestSupport;

namespace Coordination.Households.Tests;

/// <summary>
/// Synthetic households with ID numbers unique across a whole run (People's numbers repeat after
/// 500 per birth date): person p of a run is born on day p mod 20,000 after 1945-01-01, with
/// sequence p div 20,000. Enough for millions of distinct people.
/// </summary>
public static class Synthetic
{
    private static long _next = Random.Shared.Next(0, 1_000) * 20_000L * 3;

    public static RegisterHouseholdRequest Family(string regionCode = "520402101201")
    {
        var request = People.Family(regionCode);
        foreach (var member in request.Members)
        {
            var p = Interlocked.Increment(ref _next);
            var birth = new DateOnly(1945, 1, 1).AddDays((int)(p % 20_000));
            var sequence = (int)(p / 20_000 % 500) * 2 + (member.Sex == Sex.Male ? 1 : 0);
            var first17 = "520402" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
            member.NationalId = first17 + BuildingBlocks.Domain.NationalId.CheckCharacter(first17);
            member.BirthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return request;
    }
}
