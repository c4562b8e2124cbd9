namespace Coordination.BuildingBlocks.Aid;

/// <summary><see cref="Unknown"/>: a rule a lenient reader found in the file and cannot apply.</summary>
public enum BenefitRule { Stackable, Exclusive, CappedByExpense, Unknown }
