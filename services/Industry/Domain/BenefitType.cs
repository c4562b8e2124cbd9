namespace Coordination.Industry.Domain;

public enum BenefitType { Dividend = 1, Wage = 2, LandRent = 3 }
