using Coordination.Donors.Domain;

namespace Coordination.Donors.Matching;

/// <summary>A need a pledge would have served but for a rule of the benefit catalogue.</summary>
public sealed record Refusal(Guid PledgeId, OpenNeed Need, string BenefitTypeCode, string Explanation);
