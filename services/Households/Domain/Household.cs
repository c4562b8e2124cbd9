using Coordination.Contracts;

namespace Coordination.Households.Domain;

/// <summary>A household in the registry (建档立卡户) with its members.</summary>
public sealed class Household
{
    private Household() { }

    public Guid Id { get; private set; }

    /// <summary>The registry's own number: the village code and a random suffix.</summary>
    public string RegistrationNumber { get; private set; } = "";

    public string RegionCode { get; private set; } = "";

    public string Address { get; private set; } = "";

    public HouseholdStatus Status { get; private set; }

    public List<PovertyCause> PovertyCauses { get; private set; } = [];

    public long IncomePerCapitaFen { get; private set; }

    /// <summary>一看房; null until assessed.</summary>
    public HousingCondition? Housing { get; private set; }

    /// <summary>二看粮: arable land, in tenths of a mu.</summary>
    public int ArableLandTenthMu { get; private set; }

    public string AssignedHelper { get; private set; } = "";

    public DateTime RegisteredAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: an update names the version it read.</summary>
    public long Version { get; private set; }

    public List<Member> Members { get; private set; } = [];

    /// <summary>The year of the last exit (脱贫), which starts the buffer period; kept after a return to poverty.</summary>
    public int? ExitYear { get; private set; }

    /// <summary>Set when the household was merged into another (filed twice); it is kept for its history and no longer changes.</summary>
    public Guid? MergedIntoHouseholdId { get; private set; }

    public DateTime? MergedAt { get; private set; }

    /// <summary>防返贫监测: one row per category ever raised; the active ones are the household's flags now.</summary>
    public List<MonitoringFlag> MonitoringFlags { get; private set; } = [];

    /// <summary>The lifecycle's steps: identified → registered → exited → returned to poverty → registered again.</summary>
    public static readonly IReadOnlyDictionary<HouseholdStatus, HouseholdStatus[]> Transitions = new Dictionary<HouseholdStatus, HouseholdStatus[]>
    {
        [HouseholdStatus.Identified] = [HouseholdStatus.Registered],
        [HouseholdStatus.Registered] = [HouseholdStatus.Exited],
        [HouseholdStatus.Exited] = [HouseholdStatus.ReturnedToPoverty],
        [HouseholdStatus.ReturnedToPoverty] = [HouseholdStatus.Registered],
    };

    /// <summary>Poor now (registered or fallen back); monitoring is for the households that are not.</summary>
    public bool InPoverty => Status is HouseholdStatus.Registered or HouseholdStatus.ReturnedToPoverty;

    public Member Head => Members.Single(m => m.Relation == Relation.Head);

    /// <summary>A merged household is history: every change to it breaks the rule "household.merged".</summary>
    public void EnsureNotMerged()
    {
        if (MergedIntoHouseholdId is { } survivor)
            throw new BuildingBlocks.Domain.RuleViolationException("household.merged",
                $"The household was merged into household {survivor} and no longer changes; change that household instead.");
    }

    /// <summary>
    /// Merges <paramref name="merged"/> into this household: its members move here, except those
    /// known to be this household's people already (<paramref name="samePersons"/>: their person →
    /// this household's person), which are linked and left behind with the merged record. A moved
    /// head becomes "other": this household keeps its head; relations can be corrected by an update.
    /// </summary>
    public (List<Member> Moved, List<Member> Linked) Absorb(Household merged, IReadOnlyDictionary<Guid, Guid> samePersons, DateTime now)
    {
        EnsureNotMerged();
        merged.EnsureNotMerged();
        var moved = new List<Member>();
        var linked = new List<Member>();
        foreach (var member in merged.Members.ToList())
        {
            if (samePersons.TryGetValue(member.Id, out var survivor))
            {
                member.LinkTo(survivor);
                linked.Add(member);
                continue;
            }
            merged.Members.Remove(member);
            member.MoveTo(Id, member.Relation == Relation.Head ? Relation.Other : member.Relation);
            Members.Add(member);
            moved.Add(member);
        }
        merged.MergedIntoHouseholdId = Id;
        merged.MergedAt = now;
        merged.NewVersion(now);
        NewVersion(now);
        return (moved, linked);
    }
    /// <summary>Files a household whose facts the caller has validated (see Registration).</summary>
    public static Household Register(
        string registrationNumber, string regionCode, string address, IEnumerable<PovertyCause> causes,
        long incomePerCapitaFen, string assignedHelper, IEnumerable<Member> members, DateTime now,
        HouseholdStatus status = HouseholdStatus.Registered, HousingCondition? housing = null, int arableLandTenthMu = 0)
    {
        var household = new Household
        {
            Id = Guid.CreateVersion7(now),
            RegistrationNumber = registrationNumber,
            RegionCode = regionCode,
            Address = address,
            Status = status,
            Housing = housing,
            ArableLandTenthMu = arableLandTenthMu,
            PovertyCauses = causes.ToList(),
            IncomePerCapitaFen = incomePerCapitaFen,
            AssignedHelper = assignedHelper,
            RegisteredAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        household.Members.AddRange(members);
        // Set here as well as by EF's fix-up: the bulk import writes members without the change tracker.
        foreach (var member in household.Members) member.HouseholdId = household.Id;
        return household;
    }

    /// <summary>Replaces the facts an update names; null leaves a fact as it is.</summary>
    public void ChangeFacts(string? address, long? incomePerCapitaFen, string? assignedHelper, IEnumerable<PovertyCause>? causes,
        HousingCondition? housing = null, int? arableLandTenthMu = null)
    {
        if (housing is not null) Housing = housing;
        if (arableLandTenthMu is { } land) ArableLandTenthMu = land;
        if (address is not null) Address = address;
        if (incomePerCapitaFen is { } income) IncomePerCapitaFen = income;
        if (assignedHelper is not null) AssignedHelper = assignedHelper;
        if (causes is not null) PovertyCauses = causes.ToList();
    }

    /// <summary>
    /// Takes one step of the lifecycle; a step it does not allow breaks the rule
    /// "household.status-transition". The caller has validated the exit year.
    /// </summary>
    public HouseholdHistoryEntry ChangeStatus(HouseholdStatus to, int? exitYear, string reason, string by, DateTime now)
    {
        if (!Transitions[Status].Contains(to))
            throw new BuildingBlocks.Domain.RuleViolationException("household.status-transition",
                $"A household that is {Status} cannot become {to}; it can become {string.Join(" or ", Transitions[Status])}.");
        var from = Status;
        Status = to;
        if (to == HouseholdStatus.Exited) ExitYear = exitYear;
        NewVersion(now);
        return HouseholdHistoryEntry.StatusChanged(Id, from, to, to == HouseholdStatus.Exited ? exitYear : null, reason, by, now, Version);
    }

    /// <summary>Every change makes a new version; the database refuses a write based on an older one.</summary>
    public void NewVersion(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }
}
