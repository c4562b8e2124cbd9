using Coordination.BuildingBlocks.Domain;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Registration;

/// <summary>A member input that passed validation: the facts a household stores about the person.</summary>
/// <param name="NationalId">Null when the caller kept the stored number (an update that leaves it empty).</param>
public sealed record ValidatedMember(
    string Name, NationalId? NationalId, Vocabulary.Sex Sex, DateOnly BirthDate, Vocabulary.Relation Relation,
    Vocabulary.HealthStatus Health, Vocabulary.LabourCapacity LabourCapacity, Vocabulary.SchoolingStage SchoolingStage);
