namespace Coordination.Education.Domain;

/// <summary>The numbers match the gRPC enum of coordination.education.v1, so a cast maps one to the other.</summary>
public enum Stage { Preschool = 1, Primary = 2, JuniorMiddle = 3, SeniorHigh = 4, SecondaryVocational = 5, Higher = 6 }
