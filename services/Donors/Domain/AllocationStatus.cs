namespace Coordination.Donors.Domain;

public enum AllocationStatus { Allocated = 1, Delivered = 2, Cancelled = 3 }
