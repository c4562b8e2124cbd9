namespace Coordination.Medical.Domain;

/// <summary>The numbers match the gRPC enum of coordination.medical.v1, so a cast maps one to the other.</summary>
public enum ReimbursementKind { BasicInsurance = 1, SeriousIllnessInsurance = 2, MedicalAssistance = 3 }
