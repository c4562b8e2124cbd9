namespace Coordination.Education.Domain;

public enum TermSeason { Spring = 1, Autumn = 2 }
