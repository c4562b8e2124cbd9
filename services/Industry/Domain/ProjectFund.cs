namespace Coordination.Industry.Domain;

public sealed class ProjectFund
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public FundSource Source { get; set; }

    public long AmountFen { get; set; }
}
