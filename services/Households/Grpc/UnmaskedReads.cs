using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.BuildingBlocks.PersonalData;
using Coordination.Households.Data;
using Grpc.Core;
using Coordination.BuildingBlocks.Security;
using Microsoft.AspNetCore.Http;
using Api = Coordination.Households.V1;
using Domain = Coordination.Households.Domain;

namespace Coordination.Households.Grpc;

/// <summary>
/// Unmasks personal data for a caller allowed to see it, after recording the read (who, which
/// persons, when, why) in the audit table: the audit commits before the data leaves. The caller
/// needs the personal-data:unmasked permission in its access token; the table names the client
/// (from the token) and the official (from the request), and the response tells the gateway to add
/// the call to its audit log (client, subject, time, trace id) beside these per-person rows.
/// </summary>
public sealed class UnmaskedReads(HouseholdsDbContext db, PersonalDataProtector protector, TimeProvider time, IHttpContextAccessor http)
{
    /// <summary>Null when the caller asked for masked data; throws when the request may not be served.</summary>
    public Api.UnmaskedRead? Check(Api.UnmaskedRead? request)
    {
        if (request is null) return null;
        if (http.HttpContext?.User.HasPermission(SecurityClaims.UnmaskedPersonalData) != true)
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Unmasked personal data is not available to this caller."));
        var v = new Validation();
        v.RequireWho(request.RequestedBy, "unmasked.requested_by");
        v.RequireReason(request.Purpose, "unmasked.purpose", maxLength: 200);
        v.ThrowIfInvalid();
        return request;
    }

    public async Task AuditAsync(Api.UnmaskedRead request, string operation, Guid householdId, IEnumerable<Guid> personIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcDateTime();
        var client = http.HttpContext?.User.ClientId() ?? "unknown";
        var readBy = $"{client}: {request.RequestedBy.Trim()}";
        db.ChangeTracker.Clear();
        foreach (var person in personIds)
            db.PersonalDataReads.Add(Domain.PersonalDataRead.Of(householdId, person, readBy[..Math.Min(readBy.Length, 100)], request.Purpose.Trim(), operation, now));
        await db.SaveChangesAsync(cancellationToken);
        if (http.HttpContext is { } context) context.Response.Headers[AuditHeaders.Name] = AuditHeaders.UnmaskedRead;
    }

    public void Unmask(Api.Member response, Domain.Member stored)
    {
        response.Name = protector.Decrypt(stored.NameEncrypted, Domain.PersonalDataColumns.Name, stored.Id);
        response.NationalId = protector.Decrypt(stored.NationalIdEncrypted, Domain.PersonalDataColumns.NationalId, stored.Id);
        response.BirthDate = stored.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
