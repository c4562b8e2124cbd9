namespace Coordination.Households.Domain;

public enum HistoryEntryKind { StatusChanged = 1, MonitoringFlagRaised = 2, MonitoringFlagCleared = 3, MergedInto = 4, Absorbed = 5 }
