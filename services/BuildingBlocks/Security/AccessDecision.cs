namespace Coordination.BuildingBlocks.Security;

public enum AccessDecision { Allowed, Unauthenticated, Forbidden }
