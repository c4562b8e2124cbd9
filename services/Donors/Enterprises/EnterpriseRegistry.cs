using System.Text.RegularExpressions;
using Coordination.BuildingBlocks.Domain;
using Coordination.BuildingBlocks.Persistence;
using Coordination.Contracts.Events;
using Coordination.Donors.Data;
using Coordination.Donors.Domain;
using Microsoft.EntityFrameworkCore;
using Api = Coordination.Donors.V1;

namespace Coordination.Donors.Enterprises;

/// <summary>
/// Registration of enterprises and its status flow: pending → approved (by a coordinator) → active,
/// or rejected with a reason. Invalid input stores nothing. The approving coordinator is named in
/// the request beside the token's subject, which is recorded too.
/// </summary>
public sealed partial class EnterpriseRegistry(DonorsDbContext db, TimeProvider time)
{
    public async Task<Enterprise> RegisterAsync(Api.RegisterEnterpriseRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var name = v.RequireText(request.Name, "name", 100);
        if (!CreditCode.TryNormalize(request.CreditCode, out var code, out var codeError)) v.Add("credit_code", codeError);
        var contactName = v.RequireText(request.ContactName, "contact_name", 50);
        var phone = request.ContactPhone.Trim();
        v.Require(Phone().IsMatch(phone), "contact_phone", "must be a telephone number: 6 to 20 digits, spaces or dashes, may start with +");
        v.Require(RegionCode.IsValidPrefix(request.RegionCode), "region_code", "must be a division code of 2, 4, 6, 9 or 12 digits starting with a province");
        v.ThrowIfInvalid();

        // One registration per credit code: a second one is never a retry (it may come from someone else), so always AlreadyExists.
        var once = new IdempotentCreate<Enterprise>(db,
            c => db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.CreditCode == code, c),
            sameContent: _ => false, conflict: _ => $"An enterprise with credit code {code} is already registered.");
        return await once.CreateAsync(_ =>
        {
            var enterprise = Enterprise.Register(name, code, contactName, phone, request.RegionCode, time.GetUtcDateTime());
            db.Enterprises.Add(enterprise);
            return Task.FromResult(enterprise);
        }, ct);
    }

    /// <param name="subject">The caller's subject, from its access token.</param>
    public async Task<Enterprise> ApproveAsync(Api.ApproveEnterpriseRequest request, string? subject, CancellationToken ct)
    {
        var v = new Validation();
        var id = ParseId(v, request.EnterpriseId);
        var approvedBy = v.RequireWho(request.ApprovedBy, "approved_by");
        v.ThrowIfInvalid();

        var enterprise = await FindAsync(id, ct);
        if (enterprise.Approve(approvedBy, subject, time.GetUtcDateTime()))
        {
            db.AddIntegrationEvent(new EnterpriseApproved(enterprise.Id, enterprise.CreditCode, enterprise.Name, enterprise.RegionCode, enterprise.DecidedAt!.Value));
            await SaveAsync(ct);
        }
        return enterprise;
    }

    /// <param name="subject">The caller's subject, from its access token.</param>
    public async Task<Enterprise> RejectAsync(Api.RejectEnterpriseRequest request, string? subject, CancellationToken ct)
    {
        var v = new Validation();
        var id = ParseId(v, request.EnterpriseId);
        var rejectedBy = v.RequireWho(request.RejectedBy, "rejected_by");
        var reason = v.RequireReason(request.Reason, "reason");
        v.ThrowIfInvalid();

        var enterprise = await FindAsync(id, ct);
        enterprise.Reject(rejectedBy, subject, reason, time.GetUtcDateTime());
        await SaveAsync(ct);
        return enterprise;
    }

    public async Task<Enterprise> ActivateAsync(Api.ActivateEnterpriseRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var id = ParseId(v, request.EnterpriseId);
        v.ThrowIfInvalid();
        var enterprise = await FindAsync(id, ct);
        enterprise.Activate(time.GetUtcDateTime());
        await SaveAsync(ct);
        return enterprise;
    }

    public async Task<Enterprise> SetPairedVillagesAsync(Api.SetPairedVillagesRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var id = ParseId(v, request.EnterpriseId);
        v.Require(request.VillageCodes.Count <= 200, "village_codes", "at most 200 villages");
        for (var i = 0; i < request.VillageCodes.Count; i++)
        {
            if (!RegionCode.IsValidVillage(request.VillageCodes[i], out var error)) v.Add($"village_codes[{i}]", error);
            else if (request.VillageCodes.Take(i).Contains(request.VillageCodes[i])) v.Add($"village_codes[{i}]", "is listed twice");
        }
        v.ThrowIfInvalid();
        var enterprise = await FindAsync(id, ct);
        if (enterprise.Status == EnterpriseStatus.Rejected)
            throw new RuleViolationException("enterprise.rejected", "A rejected enterprise cannot be paired with villages.");
        enterprise.PairWith(request.VillageCodes);
        await SaveAsync(ct);
        return enterprise;
    }

    public async Task<Enterprise> GetAsync(string enterpriseId, CancellationToken ct)
    {
        var v = new Validation();
        var id = ParseId(v, enterpriseId);
        v.ThrowIfInvalid();
        return await FindAsync(id, ct);
    }

    public static Guid ParseId(Validation v, string value, string field = "enterprise_id")
    {
        v.Require(Guid.TryParse(value, out var id), field, "must be an id (a UUID)");
        return id;
    }

    private async Task<Enterprise> FindAsync(Guid id, CancellationToken ct) =>
        await db.Enterprises.SingleOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Enterprise", id.ToString());

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The enterprise changed meanwhile; read it again.");
        }
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{5,19}$")]
    private static partial Regex Phone();
}
