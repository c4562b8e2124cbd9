namespace Coordination.Industry.Domain;

/// <summary>An industry project (产业扶贫项目) and the operator ("company + cooperative") that runs it.</summary>
public sealed class Project
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public ProjectType Type { get; set; }

    public string OperatorName { get; set; } = "";

    public OperatorKind OperatorKind { get; set; }

    /// <summary>统一社会信用代码, normalised (upper case).</summary>
    public string OperatorCreditCode { get; set; } = "";

    /// <summary>A county, township or village division code.</summary>
    public string RegionCode { get; set; } = "";

    public DateOnly StartDate { get; set; }

    public DateOnly EndDate { get; set; }

    public ProjectStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<ProjectFund> Funds { get; set; } = [];

    public long TotalFundsFen => Funds.Sum(f => f.AmountFen);
}
