using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Data;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Api = Coordination.Households.V1;
using Domain = Coordination.Households.Domain;

namespace Coordination.Households.Grpc;

public sealed class PersonalDataAccessOptions
{
    public const string Section = "PersonalDataAccess";

    /// <summary>
    /// Lets callers ask for names and ID numbers in clear. Off by default; a stand-in until the
    /// gateway's authentication carries a permission for it. Every unmasked read is audited either way.
    /// </summary>
    public bool AllowUnmaskedReads { get; set; }
}

/// <summary>
/// Unmasks personal data for a caller allowed to see it, after recording the read (who, which
/// persons, when, why) in the audit table: the audit commits before the data leaves.
/// </summary>
public sealed class UnmaskedReads(HouseholdsDbContext db, PersonalDataProtector protector, TimeProvider time, IOptions<PersonalDataAccessOptions> options)
{
    /// <summary>Null when the caller asked for masked data; throws when the request may not be served.</summary>
    public Api.UnmaskedRead? Check(Api.UnmaskedRead? request)
    {
        if (request is null) return null;
        if (!options.Value.AllowUnmaskedReads)
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Unmasked personal data is not available to this caller."));
        var v = new Validation();
        v.Require(request.RequestedBy.Trim().Length is > 0 and <= 100, "unmasked.requested_by", "is required (who reads), at most 100 characters");
        v.Require(request.Purpose.Trim().Length is > 0 and <= 200, "unmasked.purpose", "is required (why), at most 200 characters");
        v.ThrowIfInvalid();
        return request;
    }

    public async Task AuditAsync(Api.UnmaskedRead request, string operation, Guid householdId, IEnumerable<Guid> personIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        db.ChangeTracker.Clear();
        foreach (var person in personIds)
            db.PersonalDataReads.Add(Domain.PersonalDataRead.Of(householdId, person, request.RequestedBy.Trim(), request.Purpose.Trim(), operation, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    public void Unmask(Api.Member response, Domain.Member stored)
    {
        response.Name = protector.Decrypt(stored.NameEncrypted);
        response.NationalId = protector.Decrypt(stored.NationalIdEncrypted);
    }
}
