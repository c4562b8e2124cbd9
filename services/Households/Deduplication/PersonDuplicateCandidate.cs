using Coordination.BuildingBlocks.Domain;

namespace Coordination.Households.Deduplication;

/// <summary>
/// Two persons of different households that may be one person entered twice (a mistyped ID number):
/// found by name, birth date and county, scored, and left for a coordinator to decide. The pair is
/// ordered (the person filed first is <see cref="PersonId"/>) so that it is stored once.
/// </summary>
public sealed class PersonDuplicateCandidate
{
    private PersonDuplicateCandidate() { }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    public Guid HouseholdId { get; private set; }

    public Guid OtherPersonId { get; private set; }

    public Guid OtherHouseholdId { get; private set; }

    /// <summary>The region code of the other person's household (the county is the same for both): the review list's filter.</summary>
    public string RegionCode { get; private set; } = "";

    public int Score { get; private set; }

    /// <summary>The reasons in words, one per line; never the personal data itself.</summary>
    public string Reasons { get; private set; } = "";

    public CandidateStatus Status { get; private set; }

    public DateTime FoundAt { get; private set; }

    public string DecidedBy { get; private set; } = "";

    public string DecisionReason { get; private set; } = "";

    public DateTime? DecidedAt { get; private set; }

    public static PersonDuplicateCandidate New(
        (Guid Person, Guid Household) first, (Guid Person, Guid Household) second, string regionCode, int score, IEnumerable<string> reasons, DateTime now)
    {
        // Person ids are UUIDv7: the smaller one was filed first.
        if (first.Person.CompareTo(second.Person) > 0) (first, second) = (second, first);
        return new PersonDuplicateCandidate
        {
            Id = Guid.CreateVersion7(now),
            PersonId = first.Person,
            HouseholdId = first.Household,
            OtherPersonId = second.Person,
            OtherHouseholdId = second.Household,
            RegionCode = regionCode,
            Score = score,
            Reasons = string.Join('\n', reasons),
            Status = CandidateStatus.Pending,
            FoundAt = now,
        };
    }

    public bool Links(Guid householdA, Guid householdB) =>
        (HouseholdId == householdA && OtherHouseholdId == householdB) || (HouseholdId == householdB && OtherHouseholdId == householdA);

    public void Dismiss(string reason, string by, DateTime now) => Decide(CandidateStatus.Dismissed, reason, by, now);

    public void Merged(string reason, string by, DateTime now) => Decide(CandidateStatus.Merged, reason, by, now);

    private void Decide(CandidateStatus to, string reason, string by, DateTime now)
    {
        if (Status != CandidateStatus.Pending)
            throw new RuleViolationException("duplicate-candidate.decided",
                $"The candidate was already {Status.ToString().ToLowerInvariant()} by {DecidedBy}; a decision is not taken twice.");
        Status = to;
        DecisionReason = reason;
        DecidedBy = by;
        DecidedAt = now;
    }
}
