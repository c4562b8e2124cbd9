namespace Coordination.Contracts;

// The registry's vocabulary, shared by every service that reasons about households. The numbers
// match the gRPC enums of coordination.households.v1, so a cast maps one to the other.

public enum Sex { Male = 1, Female = 2 }

public enum Relation
{
    Head = 1, Spouse = 2, Child = 3, Parent = 4, Grandchild = 5, Grandparent = 6, Sibling = 7,
    ChildInLaw = 8, Other = 9,
}

public enum HealthStatus { Healthy = 1, ChronicIllness = 2, SeriousIllness = 3, Disabled = 4 }

public enum LabourCapacity { Full = 1, Partial = 2, None = 3 }

public enum SchoolingStage
{
    NotInSchool = 1, Preschool = 2, Primary = 3, JuniorMiddle = 4, SeniorHigh = 5,
    SecondaryVocational = 6, Higher = 7, Completed = 8,
}

/// <summary>致贫原因.</summary>
public enum PovertyCause
{
    Illness = 1, Disability = 2, SchoolingCosts = 3, Disaster = 4, LackOfLand = 5, LackOfWater = 6,
    LackOfSkills = 7, LackOfLabour = 8, LackOfCapital = 9, PoorTransport = 10, LowMotivation = 11,
}

/// <summary>identified → registered (建档立卡) → exited (脱贫) → returned to poverty (返贫).</summary>
public enum HouseholdStatus { Identified = 1, Registered = 2, Exited = 3, ReturnedToPoverty = 4 }

/// <summary>防返贫监测对象.</summary>
public enum MonitoringCategory { UnstableAfterExit = 1, Marginal = 2, SuddenHardship = 3 }

/// <summary>一看房: the registry's housing assessment; only safe housing meets 住房安全有保障.</summary>
public enum HousingCondition { Safe = 1, NeedsRepair = 2, Dangerous = 3 }
