namespace Coordination.Households.Deduplication;

public enum CandidateStatus { Pending = 1, Dismissed = 2, Merged = 3 }
