namespace Coordination.Medical.Domain;

public sealed record ReimbursementPlan(long BasicFen, long SeriousIllnessFen, long AssistanceFen, long TotalCostFen)
{
    public long ReimbursedFen => BasicFen + SeriousIllnessFen + AssistanceFen;

    public long OutOfPocketFen => TotalCostFen - ReimbursedFen;
}
