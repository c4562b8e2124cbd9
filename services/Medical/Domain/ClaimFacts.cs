namespace Coordination.Medical.Domain;

/// <param name="Insured">Enrolled in basic insurance for the bill's year; serious-illness insurance rides on it.</param>
/// <param name="BasicUsedFen">Reimbursed to the member by basic insurance earlier in the year (for the annual cap).</param>
public sealed record ClaimFacts(
    long TotalCostFen,
    CareType CareType,
    bool Insured,
    bool RegisteredPoor,
    long BasicUsedFen = 0,
    long SeriousIllnessUsedFen = 0,
    long AssistanceUsedFen = 0);
