namespace Coordination.Households.Domain;

/// <summary>
/// The audit of an unmasked read: who saw which person's personal data, when and why. It names the
/// person by id, never by the data that was read.
/// </summary>
public sealed class PersonalDataRead
{
    private PersonalDataRead() { }

    public Guid Id { get; private set; }

    public DateTime ReadAt { get; private set; }

    public string ReadBy { get; private set; } = "";

    public string Purpose { get; private set; } = "";

    /// <summary>The call that returned the data, e.g. "GetHousehold".</summary>
    public string Operation { get; private set; } = "";

    public Guid HouseholdId { get; private set; }

    public Guid PersonId { get; private set; }

    public static PersonalDataRead Of(Guid householdId, Guid personId, string readBy, string purpose, string operation, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now), ReadAt = now, ReadBy = readBy, Purpose = purpose, Operation = operation,
        HouseholdId = householdId, PersonId = personId,
    };
}
