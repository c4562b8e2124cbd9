using System.Globalization;
using Coordination.Contracts;

namespace Coordination.Households.Domain;

/// <summary>
/// 四看法, computed from the household's current facts whenever it is read, so it is never stale:
/// 一看房 housing, 二看粮 grain and land, 三看劳动力 labour capacity, 四看读书郎 children in school.
/// Each look scores 0-100 (100: no hardship seen); the overall score is their weighted mean.
/// </summary>
public sealed record FourLookAssessment(int Score, IReadOnlyList<LookScore> Looks)
{
    public static FourLookAssessment Of(Household h, DateOnly today, FourLookOptions options)
    {
        var w = options.Weights;
        var looks = new List<LookScore> { Housing(h, w.Housing), Land(h, w.GrainAndLand, options), Labour(h, w.Labour), School(h, today, w.ChildrenInSchool) };
        var total = looks.Sum(l => l.Weight);
        var score = total <= 0 ? 0 : (int)Math.Round(looks.Sum(l => l.Score * l.Weight) / total, MidpointRounding.AwayFromZero);
        return new FourLookAssessment(score, looks);
    }

    private static LookScore Housing(Household h, double weight) => h.Housing switch
    {
        HousingCondition.Safe => new("housing", 100, weight, "safe housing"),
        HousingCondition.NeedsRepair => new("housing", 50, weight, "the house needs repair"),
        HousingCondition.Dangerous => new("housing", 0, weight, "dangerous housing (危房)"),
        _ => new("housing", 0, weight, "housing not assessed yet"),
    };

    private static LookScore Land(Household h, double weight, FourLookOptions options)
    {
        var perPerson = h.ArableLandTenthMu / 10.0 / Math.Max(1, h.Members.Count);
        var score = (int)Math.Round(Math.Min(1, perPerson / options.SufficientLandPerPersonMu) * 100);
        return new("grain_and_land", score, weight, string.Create(CultureInfo.InvariantCulture,
            $"{h.ArableLandTenthMu / 10.0:0.0} mu of arable land, {perPerson:0.00} mu per person (enough at {options.SufficientLandPerPersonMu:0.0})"));
    }

    private static LookScore Labour(Household h, double weight)
    {
        var full = h.Members.Count(m => m.LabourCapacity == LabourCapacity.Full);
        var partial = h.Members.Count(m => m.LabourCapacity == LabourCapacity.Partial);
        // One full labourer for every two members supports the household.
        var ratio = (full + partial * 0.5) / Math.Max(1, h.Members.Count);
        var score = (int)Math.Round(Math.Min(1, ratio * 2) * 100);
        return new("labour", score, weight, $"{full} full and {partial} partial labourers among {h.Members.Count} members");
    }

    private static LookScore School(Household h, DateOnly today, double weight)
    {
        // Compulsory education: ages 6 to 15.
        var schoolAge = h.Members.Where(m => AgeOn(m.BirthDate, today) is >= 6 and <= 15).ToList();
        if (schoolAge.Count == 0) return new("children_in_school", 100, weight, "no child of compulsory-school age");
        var outOfSchool = schoolAge.Count(m => m.SchoolingStage is SchoolingStage.NotInSchool or SchoolingStage.Completed);
        var score = (int)Math.Round(100.0 * (schoolAge.Count - outOfSchool) / schoolAge.Count);
        return new("children_in_school", score, weight, outOfSchool == 0
            ? $"all {schoolAge.Count} children of compulsory-school age are in school"
            : $"{outOfSchool} of {schoolAge.Count} children of compulsory-school age are out of school");
    }

    private static int AgeOn(DateOnly birth, DateOnly date) =>
        date.Year - birth.Year - (date < birth.AddYears(date.Year - birth.Year) ? 1 : 0);
}
