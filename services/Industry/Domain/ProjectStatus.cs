namespace Coordination.Industry.Domain;

public enum ProjectStatus { Active = 1, Suspended = 2, Completed = 3 }
