namespace Coordination.Education.Domain;

/// <summary>The numbers match the gRPC enum of coordination.education.v1, so a cast maps one to the other.</summary>
public enum EnrolmentStatus { Enrolled = 1, Withdrawn = 2 }
