namespace Coordination.Industry.Domain;

public enum OperatorKind { Company = 1, Cooperative = 2 }
