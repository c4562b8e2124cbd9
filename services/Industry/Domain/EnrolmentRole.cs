namespace Coordination.Industry.Domain;

/// <summary>What a household is to a project, and so which benefit it can receive from it.</summary>
public enum EnrolmentRole { Member = 1, Worker = 2, LandLessor = 3 }
