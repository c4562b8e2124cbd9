namespace Coordination.Households.Domain;

/// <summary>The columns whose cipher texts are bound to their member (AES-GCM associated data, with the person id).</summary>
public static class PersonalDataColumns
{
    public const string Name = "members.name";

    public const string NationalId = "members.national_id";
}
