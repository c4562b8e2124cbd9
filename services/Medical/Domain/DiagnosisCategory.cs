namespace Coordination.Medical.Domain;

/// <summary>The numbers match the gRPC enum of coordination.medical.v1, so a cast maps one to the other.</summary>
public enum DiagnosisCategory { CommonIllness = 1, ChronicIllness = 2, SeriousIllness = 3, Injury = 4, Maternity = 5 }
