namespace Coordination.Industry.Domain;

public enum ProjectType { SpecialtyAgriculture = 1, Cooperative = 2, Workshop = 3, Tourism = 4, ECommerce = 5, Other = 6 }
