namespace Coordination.Donors.Domain;

public enum EnterpriseStatus { Pending = 1, Approved = 2, Active = 3, Rejected = 4 }
