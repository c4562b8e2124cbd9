namespace Coordination.Donors.Domain;

/// <summary>
/// An enterprise that helps (万企帮万村). It registers itself and waits: a coordinator approves or
/// rejects it, and an approved enterprise becomes active when it confirms; only active ones pledge.
/// </summary>
public sealed class Enterprise
{
    private Enterprise() { }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>统一社会信用代码, normalised to upper case; unique.</summary>
    public string CreditCode { get; private set; } = "";

    public string ContactName { get; private set; } = "";

    public string ContactPhone { get; private set; } = "";

    public string RegionCode { get; private set; } = "";

    public EnterpriseStatus Status { get; private set; }

    public DateTime RegisteredAt { get; private set; }

    /// <summary>The coordinator who approved or rejected it.</summary>
    public string? DecidedBy { get; private set; }

    /// <summary>
    /// Who decided, as the access token the decision came with says (its subject): <see cref="DecidedBy"/>
    /// is the name the caller typed, which anyone allowed to decide could type as someone else's.
    /// </summary>
    public string? DecidedBySubject { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public string? RejectionReason { get; private set; }

    public DateTime? ActivatedAt { get; private set; }

    /// <summary>结对帮扶: 12-digit codes of the villages the enterprise is paired with.</summary>
    public List<string> PairedVillageCodes { get; private set; } = [];

    public static Enterprise Register(string name, string creditCode, string contactName, string contactPhone, string regionCode, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        CreditCode = creditCode,
        ContactName = contactName,
        ContactPhone = contactPhone,
        RegionCode = regionCode,
        Status = EnterpriseStatus.Pending,
        RegisteredAt = now,
    };

    /// <returns>False when it was already approved (a retried call): nothing changes.</returns>
    public bool Approve(string approvedBy, string? subject, DateTime now)
    {
        if (Status is EnterpriseStatus.Approved or EnterpriseStatus.Active) return false;
        RequirePending("approve");
        Status = EnterpriseStatus.Approved;
        DecidedBy = approvedBy;
        DecidedBySubject = subject;
        DecidedAt = now;
        return true;
    }

    public void Reject(string rejectedBy, string? subject, string reason, DateTime now)
    {
        RequirePending("reject");
        Status = EnterpriseStatus.Rejected;
        DecidedBy = rejectedBy;
        DecidedBySubject = subject;
        DecidedAt = now;
        RejectionReason = reason;
    }

    public void Activate(DateTime now)
    {
        if (Status == EnterpriseStatus.Active) return;
        if (Status != EnterpriseStatus.Approved)
            throw new BuildingBlocks.Domain.RuleViolationException("enterprise.not-approved",
                $"Only an approved enterprise can be activated; this one is {Status.ToString().ToLowerInvariant()}.");
        Status = EnterpriseStatus.Active;
        ActivatedAt = now;
    }

    public void PairWith(IEnumerable<string> villageCodes) => PairedVillageCodes = villageCodes.Distinct().Order(StringComparer.Ordinal).ToList();

    private void RequirePending(string action)
    {
        if (Status != EnterpriseStatus.Pending)
            throw new BuildingBlocks.Domain.RuleViolationException("enterprise.not-pending",
                $"Only a pending registration can be decided on ({action}); this one is {Status.ToString().ToLowerInvariant()}.");
    }
}
