using System.Globalization;
using Coordination.Ledger.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Coordination.BuildingBlocks.Security;
using Coordination.Ledger.Exit;
using Coordination.Ledger.Grants;
using Coordination.Ledger.Warnings;

namespace Coordination.Ledger.Grpc;

/// <summary>
/// The ledger's calls, each bounded by the caller's region scope (its token's region claims): a
/// household or disaster outside it is PermissionDenied, lists hold only its regions' records, a
/// region's totals or disaster need the whole region in scope. Consumers act for the system, unscoped.
/// </summary>
public sealed class AidLedgerService(AidLedgerQueries queries, GrantLedger ledger, ExitEvaluator exit, RegionDisasters disasters) : V1.AidLedger.AidLedgerBase
{
    public override async Task<ListOpenNeedsResponse> ListOpenNeeds(ListOpenNeedsRequest request, ServerCallContext context)
    {
        var (page, next) = await queries.OpenNeedsAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new ListOpenNeedsResponse { NextPageToken = next };
        response.Needs.AddRange(page.Select(n => new Need
        {
            NeedId = n.Id.ToString(),
            HouseholdId = n.HouseholdId.ToString(),
            PersonId = n.PersonId?.ToString() ?? "",
            RegionCode = n.RegionCode,
            Category = (NeedCategory)(int)n.Category,
            Kind = n.Kind,
            Severity = n.Severity,
            Reason = n.Reason,
            OpenedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(n.OpenedAt, DateTimeKind.Utc)),
        }));
        return response;
    }

    public override async Task<ExitEvaluation> EvaluateExit(EvaluateExitRequest request, ServerCallContext context)
    {
        var household = await queries.HouseholdAsync(request.HouseholdId, context.RegionScope(), context.CancellationToken);
        var assessment = await exit.EvaluateAsync(household, context.CancellationToken);
        var response = new ExitEvaluation { HouseholdId = household.Id.ToString(), Eligible = assessment.Eligible };
        response.Conditions.AddRange(assessment.Conditions.Select(c => new ExitConditionResult { Code = c.Code, Met = c.Met, Explanation = c.Explanation }));
        return response;
    }

    public override async Task<RegionDisasterFlagged> FlagRegionDisaster(FlagRegionDisasterRequest request, ServerCallContext context)
    {
        var d = await disasters.RaiseAsync(request, context.RegionScope(), context.CancellationToken);
        return new RegionDisasterFlagged { DisasterId = d.Id.ToString(), RegionPrefix = d.RegionPrefix, HouseholdsFlagged = d.HouseholdsFlagged };
    }

    public override async Task<ListRegionDisastersResponse> ListRegionDisasters(ListRegionDisastersRequest request, ServerCallContext context)
    {
        var (page, next) = await disasters.ListAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new ListRegionDisastersResponse { NextPageToken = next };
        response.Disasters.AddRange(page.Select(ToApi));
        return response;
    }

    public override async Task<DeclaredDisaster> ClearRegionDisaster(ClearRegionDisasterRequest request, ServerCallContext context) =>
        ToApi(await disasters.ClearAsync(request, context.RegionScope(), context.CancellationToken));

    private static DeclaredDisaster ToApi(RegionDisaster d) => new()
    {
        DisasterId = d.Id.ToString(),
        RegionPrefix = d.RegionPrefix,
        Reason = d.Reason,
        RaisedBy = d.RaisedBy,
        RaisedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(d.RaisedAt, DateTimeKind.Utc)),
        HouseholdsFlagged = d.HouseholdsFlagged,
        ClearedAt = d.ClearedAt is { } cleared ? Timestamp.FromDateTime(DateTime.SpecifyKind(cleared, DateTimeKind.Utc)) : null,
        ClearedBy = d.ClearedBy ?? "",
    };

    public override async Task<HouseholdAid> GetHouseholdAid(GetHouseholdAidRequest request, ServerCallContext context)
    {
        var (householdId, page, sums, next) = await queries.HouseholdAidAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new HouseholdAid
        {
            HouseholdId = householdId.ToString(),
            TotalAmountFen = sums.Sum(s => s.AmountFen),
            TotalInKindValueFen = sums.Sum(s => s.InKindValueFen),
            TotalValueFen = sums.Sum(s => s.AmountFen + s.InKindValueFen),
            NextPageToken = next,
        };
        response.Grants.AddRange(page.Select(ToEntry));
        response.ByBenefitType.AddRange(Totals(sums, s => s.BenefitTypeCode));
        response.ByGrantor.AddRange(Totals(sums, s => s.GrantorCode));
        return response;
    }

    public override async Task<RegionAidTotals> GetRegionAidTotals(GetRegionAidTotalsRequest request, ServerCallContext context)
    {
        var t = await queries.RegionTotalsAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new RegionAidTotals
        {
            RegionPrefix = t.Prefix,
            Year = t.Year,
            TotalAmountFen = t.ByGrantor.Sum(g => g.AmountFen),
            TotalInKindValueFen = t.ByGrantor.Sum(g => g.InKindFen),
            Households = t.Households,
        };
        response.ByGrantor.AddRange(t.ByGrantor.Select(g => new AidTotal { Key = g.Key, AmountFen = g.AmountFen, InKindValueFen = g.InKindFen, Grants = g.Grants }));
        response.ByBenefitType.AddRange(t.ByBenefitType.Select(g => new AidTotal { Key = g.Key, AmountFen = g.AmountFen, InKindValueFen = g.InKindFen, Grants = g.Grants }));
        return response;
    }

    public override async Task<ListAidOutliersResponse> ListAidOutliers(ListAidOutliersRequest request, ServerCallContext context)
    {
        var (page, next) = await queries.OutliersAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new ListAidOutliersResponse { NextPageToken = next };
        response.Outliers.AddRange(page.Select(o => new AidOutlier
        {
            HouseholdId = o.HouseholdId.ToString(),
            RegionCode = o.RegionCode,
            ValueFen = o.ValueFen,
            NeighboursMedianFen = o.NeighboursMedianFen,
            Neighbours = o.Neighbours,
            Ratio = o.Ratio,
            Threshold = o.Threshold,
        }));
        return response;
    }

    public override async Task<ListAidDuplicatesResponse> ListAidDuplicates(ListAidDuplicatesRequest request, ServerCallContext context)
    {
        var (page, next) = await queries.DuplicatesAsync(request, context.RegionScope(), context.CancellationToken);
        var response = new ListAidDuplicatesResponse { NextPageToken = next };
        response.Duplicates.AddRange(page.Select(d =>
        {
            var r = new V1.AidDuplicate
            {
                DetectionId = d.Id.ToString(),
                HouseholdId = d.HouseholdId.ToString(),
                RegionCode = d.RegionCode,
                Rule = d.Rule,
                BenefitTypeCode = d.BenefitTypeCode,
                Explanation = d.Explanation,
                DetectedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(d.DetectedAt, DateTimeKind.Utc)),
            };
            r.GrantIds.AddRange(d.GrantIds.Select(id => id.ToString()));
            return r;
        }));
        return response;
    }

    public override async Task<CheckAidGrantResponse> CheckAidGrant(CheckAidGrantRequest request, ServerCallContext context)
    {
        var candidate = queries.CandidateOf(request);
        // The answer names the household's grants: only for a caller who serves it.
        await queries.RequireHouseholdInScopeAsync(candidate.HouseholdId, context.RegionScope(), context.CancellationToken);
        var findings = await ledger.CheckAsync(candidate, context.CancellationToken);
        var response = new CheckAidGrantResponse { BreaksRule = findings.Count > 0 };
        response.Findings.AddRange(findings.Select(f =>
        {
            var r = new V1.RuleFinding { Rule = f.Rule, BenefitTypeCode = f.BenefitTypeCode, Explanation = f.Explanation };
            r.ConflictingGrantIds.AddRange(f.GrantIds.Where(id => id != candidate.GrantId).Select(id => id.ToString()));
            return r;
        }));
        return response;
    }

    private static IEnumerable<AidTotal> Totals(List<AidLedgerQueries.AidSum> sums, Func<AidLedgerQueries.AidSum, string> key) =>
        sums.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new AidTotal
        {
            Key = g.Key,
            AmountFen = g.Sum(x => x.AmountFen),
            InKindValueFen = g.Sum(x => x.InKindValueFen),
            Grants = g.Sum(x => x.Grants),
        });

    private static AidGrantEntry ToEntry(AidGrant g) => new()
    {
        GrantId = g.GrantId.ToString(),
        PersonId = g.PersonId?.ToString() ?? "",
        GrantorKind = (AidGrantorKind)(int)g.GrantorKind,
        GrantorCode = g.GrantorCode,
        GrantorName = g.GrantorName,
        Programme = g.Programme,
        BenefitTypeCode = g.BenefitTypeCode,
        AmountFen = g.AmountFen,
        InKindValueFen = g.InKindValueFen,
        PeriodStart = g.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodEnd = g.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        GrantedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(g.GrantedAt, DateTimeKind.Utc)),
        ExpenseReference = g.ExpenseReference ?? "",
        ExpenseAmountFen = g.ExpenseAmountFen ?? 0,
        Revoked = g.Revoked,
        RevocationReason = g.RevocationReason ?? "",
    };
}
