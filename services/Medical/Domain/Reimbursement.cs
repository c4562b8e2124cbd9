namespace Coordination.Medical.Domain;

/// <summary>One payer's payment towards a claim; its id is the AidGranted grant id.</summary>
public sealed class Reimbursement
{
    public Guid Id { get; set; }

    public Guid ClaimId { get; set; }

    public ReimbursementKind Kind { get; set; }

    public long AmountFen { get; set; }

    /// <summary>The caller's key of a reimbursement added after filing; null for those computed at filing.</summary>
    public string? RequestId { get; set; }

    public string Reason { get; set; } = "";

    public DateTime GrantedAt { get; set; }
}
