namespace Coordination.Ledger.Domain;

/// <summary>
/// One row per household in the ledger, locked by every grant before the rules look at the
/// household's other grants: the row lock makes two grants of one household wait for each other
/// (a first-ever pair collides on the key and is retried), so neither is judged without the other.
/// See <see cref="LedgerLock"/>; SQLite, whose writers never overlap, keeps no rows.
/// </summary>
public sealed class AidLedgerHousehold
{
    public Guid HouseholdId { get; set; }
}
