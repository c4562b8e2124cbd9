namespace Coordination.Donors.Domain;

public enum PledgeKind { Money = 1, Goods = 2, Jobs = 3, Training = 4 }
