using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Contracts.Events;
using Coordination.Households.V1;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Vocabulary = Coordination.Contracts;

namespace Coordination.Households.Tests;

/// <summary>Acceptance 2: people entered twice under a mistyped ID number are found, reviewed and merged, never silently.</summary>
public class DeduplicationTests : IAsyncLifetime
{
    private HouseholdsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await HouseholdsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The same ID number with one digit of the sequence mistyped and the check character made to fit (so it passes validation).</summary>
    public static string Mistype(string id)
    {
        var first17 = id[..14] + (char)('0' + (id[14] - '0' + 1) % 10) + id[15..17];
        return first17 + BuildingBlocks.Domain.NationalId.CheckCharacter(first17);
    }

    private static int _family;

    /// <summary>
    /// A household whose head is 陈国华 and whose spouse and child have names no other household of
    /// the test has (People.Family gives everyone the same names and birth dates, which would all be candidates).
    /// </summary>
    public static RegisterHouseholdRequest Family(string region, string headName = "陈国华")
    {
        string[] given = ["秀英", "桂兰", "玉梅", "丽华", "春燕", "小军", "志强", "建平", "海涛", "文杰", "德福", "金凤"];
        var n = Interlocked.Increment(ref _family);
        var request = People.Family(region);
        request.Members[0].Name = headName;
        request.Members[1].Name = "李" + given[n % given.Length] + given[n / given.Length % given.Length];
        request.Members[2].Name = "陈" + given[(n + 5) % given.Length] + given[n / given.Length % given.Length];
        return request;
    }

    /// <summary>The head filed again in another village of the same county: traditional characters, a mistyped ID number.</summary>
    public static RegisterHouseholdRequest FiledAgain(RegisterHouseholdRequest first, string region = "520402101202", string headName = "陳國華")
    {
        var again = Family(region, headName);
        again.Members[0].NationalId = Mistype(first.Members[0].NationalId);
        again.Members[0].BirthDate = first.Members[0].BirthDate;
        again.Members[0].Sex = first.Members[0].Sex;
        return again;
    }

    private Task<ListDuplicateCandidatesResponse> PendingAsync(string regionPrefix = "") =>
        _factory.Registry().ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { RegionPrefix = regionPrefix }).ResponseAsync;

    [Fact]
    public async Task Candidates_page_to_the_end_with_every_candidate_once()
    {
        foreach (var head in new[] { "陈国华", "王建国", "张卫东" })
        {
            var first = Family("520402101201", head);
            await _factory.Registry().RegisterHouseholdAsync(first);
            await _factory.Registry().RegisterHouseholdAsync(FiledAgain(first, headName: head));
        }
        var all = (await PendingAsync("520402")).Candidates.Select(c => c.CandidateId).ToList();
        Assert.Equal(3, all.Count);

        var (seen, token, pages) = (new List<string>(), "", 0);
        do
        {
            var page = await _factory.Registry().ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { RegionPrefix = "520402", PageSize = 2, PageToken = token });
            Assert.NotEmpty(page.Candidates);
            seen.AddRange(page.Candidates.Select(c => c.CandidateId));
            (token, pages) = (page.NextPageToken, pages + 1);
        } while (token.Length > 0);

        Assert.Equal(2, pages);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task The_same_person_in_traditional_characters_with_a_mistyped_ID_is_a_scored_candidate_shown_masked()
    {
        var first = Family("520402101201");
        var a = await _factory.Registry().RegisterHouseholdAsync(first);
        var again = FiledAgain(first);
        Assert.NotEqual(first.Members[0].NationalId, again.Members[0].NationalId);
        var b = await _factory.Registry().RegisterHouseholdAsync(again); // a different ID number: not AlreadyExists

        var candidate = Assert.Single((await PendingAsync("520402")).Candidates);
        Assert.Equal(DuplicateCandidateStatus.Pending, candidate.Status);
        Assert.Equal((a.Members.Single(m => m.Relation == Relation.Head).PersonId, a.HouseholdId), (candidate.Person.PersonId, candidate.Person.HouseholdId));
        Assert.Equal((b.Members.Single(m => m.Relation == Relation.Head).PersonId, b.HouseholdId), (candidate.OtherPerson.PersonId, candidate.OtherPerson.HouseholdId));
        Assert.Equal(50 + 25 + 10 + 10, candidate.Score); // name, birth date, county (not the village), an ID number one slip away
        Assert.Contains(candidate.Reasons, r => r.Contains("traditional characters"));
        Assert.Contains(candidate.Reasons, r => r.Contains("typing error"));
        Assert.Contains(candidate.Reasons, r => r == "the same county");

        // Shown masked, like every response: neither the names nor the numbers in clear.
        var text = candidate.ToString();
        foreach (var secret in new[] { first.Members[0].NationalId, again.Members[0].NationalId, "陈国华", "陳國華" })
            Assert.DoesNotContain(secret, text);
        Assert.Equal("陈*", candidate.Person.Name);
        Assert.Equal(new string('*', 17) + again.Members[0].NationalId[17..], candidate.OtherPerson.NationalId);
        Assert.Empty((await PendingAsync("520403")).Candidates);
    }

    [Fact]
    public async Task A_member_an_update_renames_or_adds_is_searched_too_and_a_known_pair_is_not_listed_twice()
    {
        var first = Family("520402101201");
        var a = await _factory.Registry().RegisterHouseholdAsync(first);
        var b = await _factory.Registry().RegisterHouseholdAsync(FiledAgain(first, headName: "王建国"));
        Assert.Empty((await PendingAsync("520402")).Candidates);

        // The head's name corrected to what it is: the traditional form of the first household's head.
        var head = b.Members.Single(m => m.Relation == Relation.Head);
        var again = FiledAgain(first, headName: "陳國華").Members[0];
        var renamed = new MemberChange { PersonId = head.PersonId, Member = new MemberInput(again) { NationalId = "" } };
        var updated = await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = b.HouseholdId, Version = b.Version, ChangeMembers = { renamed } });
        var candidate = Assert.Single((await PendingAsync("520402")).Candidates);
        Assert.Equal(
            new[] { a.Members.Single(m => m.Relation == Relation.Head).PersonId, head.PersonId }.Order(),
            new[] { candidate.Person.PersonId, candidate.OtherPerson.PersonId }.Order());
        Assert.Equal(50 + 25 + 10 + 10, candidate.Score);

        // A later change of the same member (not of its name) lists the pair no second time; a member
        // added under the first household's spouse's name and birth date is a new candidate.
        renamed.Member.Health = HealthStatus.ChronicIllness;
        var spouse = new MemberInput(first.Members[1]) { NationalId = Mistype(first.Members[1].NationalId), Relation = Relation.Other };
        await _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = b.HouseholdId, Version = updated.Version, ChangeMembers = { renamed }, AddMembers = { spouse },
        });
        var pending = (await PendingAsync("520402")).Candidates;
        Assert.Equal(2, pending.Count);
        Assert.Contains(pending, c => c.Person.PersonId == a.Members.Single(m => m.Relation == Relation.Spouse).PersonId
            || c.OtherPerson.PersonId == a.Members.Single(m => m.Relation == Relation.Spouse).PersonId);
    }

    [Fact]
    public async Task The_review_list_pages_by_score_and_a_candidate_decided_meanwhile_shifts_no_page()
    {
        foreach (var (head, again) in new[] { ("陈国华", "陳國華"), ("张伟明", "張偉明"), ("刘建华", "劉建華") })
        {
            var first = Family("520402101201", head);
            await _factory.Registry().RegisterHouseholdAsync(first);
            await _factory.Registry().RegisterHouseholdAsync(FiledAgain(first, headName: again));
        }
        var all = (await PendingAsync("520402")).Candidates;
        Assert.Equal(3, all.Count);

        var seen = new List<string>();
        var request = new ListDuplicateCandidatesRequest { RegionPrefix = "520402", PageSize = 1 };
        var page = await _factory.Registry().ListDuplicateCandidatesAsync(request);
        seen.AddRange(page.Candidates.Select(c => c.CandidateId));
        // The first one is decided before the next page is read: with offsets, the next page would skip one.
        await _factory.Registry().DismissDuplicateCandidateAsync(new DismissDuplicateCandidateRequest
        {
            CandidateId = seen[0], DismissedBy = "county office", Reason = "different people",
        });
        while (page.NextPageToken.Length > 0)
        {
            request.PageToken = page.NextPageToken;
            page = await _factory.Registry().ListDuplicateCandidatesAsync(request);
            seen.AddRange(page.Candidates.Select(c => c.CandidateId));
        }
        Assert.Equal(all.Select(c => c.CandidateId), seen);

        var bad = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().ListDuplicateCandidatesAsync(
            new ListDuplicateCandidatesRequest { PageToken = "bm90IGEgdG9rZW4=" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("page_token", bad.FieldViolations().Select(f => f.Field));
    }

    [Fact]
    public async Task The_same_pinyin_scores_lower_and_another_county_or_birth_date_is_no_candidate()
    {
        var first = Family("520402101201");
        await _factory.Registry().RegisterHouseholdAsync(first);
        var homophone = Family("520402101201", "陈国花"); // chén guó huā: other characters, the same toneless pinyin
        homophone.Members[0] = People.Member("陈国花", DateOnly.Parse(first.Members[0].BirthDate), first.Members[0].Sex, Relation.Head);
        // An ID number of another place of birth: far from the first (no typing slip), whatever the sequence.
        homophone.Members[0].NationalId = People.NationalId(DateOnly.Parse(first.Members[0].BirthDate), first.Members[0].Sex, "620102");
        await _factory.Registry().RegisterHouseholdAsync(homophone);
        var elsewhere = FiledAgain(first, "520403101201");
        await _factory.Registry().RegisterHouseholdAsync(elsewhere);
        var otherBirth = Family("520402101203", "陳國華");
        otherBirth.Members[0] = People.Member("陳國華", DateOnly.Parse(first.Members[0].BirthDate).AddDays(1), first.Members[0].Sex, Relation.Head);
        await _factory.Registry().RegisterHouseholdAsync(otherBirth);

        var candidate = Assert.Single((await PendingAsync()).Candidates);
        Assert.Equal(30 + 25 + 15, candidate.Score); // pinyin, birth date, county and village; unrelated ID numbers
        Assert.Contains(candidate.Reasons, r => r.Contains("pinyin"));
        Assert.Contains(candidate.Reasons, r => r == "the same village");
    }

    [Fact]
    public async Task A_dismissed_candidate_leaves_the_pending_list_keeps_who_and_why_and_is_not_decided_twice()
    {
        var first = Family("520402101201");
        await _factory.Registry().RegisterHouseholdAsync(first);
        await _factory.Registry().RegisterHouseholdAsync(FiledAgain(first));
        var candidate = Assert.Single((await PendingAsync()).Candidates);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().DismissDuplicateCandidateAsync(
            new DismissDuplicateCandidateRequest { CandidateId = candidate.CandidateId }).ResponseAsync);
        Assert.Equal(["reason", "dismissed_by"], invalid.FieldViolations().Select(v => v.Field));

        var dismissed = await _factory.Registry().DismissDuplicateCandidateAsync(new DismissDuplicateCandidateRequest
        {
            CandidateId = candidate.CandidateId, Reason = "同名同生日的两个人，已核实户籍", DismissedBy = "乡扶贫站 王五",
        });
        Assert.Equal((DuplicateCandidateStatus.Dismissed, "乡扶贫站 王五", "同名同生日的两个人，已核实户籍"), (dismissed.Status, dismissed.DecidedBy, dismissed.DecisionReason));
        Assert.NotNull(dismissed.DecidedAt);
        Assert.Empty((await PendingAsync()).Candidates);
        var listed = await _factory.Registry().ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { Status = DuplicateCandidateStatus.Dismissed });
        Assert.Equal(candidate.CandidateId, Assert.Single(listed.Candidates).CandidateId);

        var again = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().DismissDuplicateCandidateAsync(new DismissDuplicateCandidateRequest
        {
            CandidateId = candidate.CandidateId, Reason = "again", DismissedBy = "someone",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal(2, await _factory.WithDbAsync(db => db.Households.CountAsync(h => h.MergedIntoHouseholdId == null))); // nothing merged
    }

    [Fact]
    public async Task A_merge_keeps_the_merged_household_marked_moves_its_other_members_links_the_duplicate_and_records_who_when_why()
    {
        var first = Family("520402101201");
        var a = await _factory.Registry().RegisterHouseholdAsync(first);
        var again = FiledAgain(first);
        var b = await _factory.Registry().RegisterHouseholdAsync(again);
        var candidate = Assert.Single((await PendingAsync()).Candidates);
        var duplicate = b.Members.Single(m => m.Relation == Relation.Head);
        var others = b.Members.Where(m => m.Relation != Relation.Head).Select(m => m.PersonId).ToList();

        var merged = await _factory.Registry().MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = b.HouseholdId, MergedVersion = b.Version,
            CandidateIds = { candidate.CandidateId }, Reason = "同一户重复建档，户主身份证号录入错误", MergedBy = "县扶贫办 李四",
        });

        Assert.Equal(others.Order(), merged.MovedPersonIds.Order());
        Assert.Equal([duplicate.PersonId], merged.LinkedPersonIds);
        Assert.Equal(a.Members.Select(m => m.PersonId).Concat(others).Order(), merged.Surviving.Members.Select(m => m.PersonId).Order());
        Assert.Equal(a.Version + 1, merged.Surviving.Version);
        Assert.Single(merged.Surviving.Members, m => m.Relation == Relation.Head);

        // The merged record is kept, marked, out of the lists, and no longer changes.
        var kept = await _factory.Registry().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = b.HouseholdId });
        Assert.Equal(a.HouseholdId, kept.MergedIntoHouseholdId);
        Assert.Equal([duplicate.PersonId], kept.Members.Select(m => m.PersonId));
        var listed = await _factory.Registry().ListHouseholdsAsync(new ListHouseholdsRequest { RegionPrefix = "520402" });
        Assert.Equal([a.HouseholdId], listed.Households.Select(h => h.HouseholdId));
        var refused = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = b.HouseholdId, Version = kept.Version, IncomePerCapitaFen = 1,
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);

        // Both histories say who, when and why; the candidate is decided.
        foreach (var (household, kind, related) in new[] { (a.HouseholdId, HistoryEntryKind.Absorbed, b.HouseholdId), (b.HouseholdId, HistoryEntryKind.MergedInto, a.HouseholdId) })
        {
            var history = await _factory.Registry().GetHouseholdHistoryAsync(new GetHouseholdHistoryRequest { HouseholdId = household });
            var entry = Assert.Single(history.Entries, e => e.Kind == kind);
            Assert.Equal((related, "县扶贫办 李四", "同一户重复建档，户主身份证号录入错误"), (entry.RelatedHouseholdId, entry.By, entry.Reason));
            Assert.NotNull(entry.At);
        }
        var decided = Assert.Single((await _factory.Registry().ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest { Status = DuplicateCandidateStatus.Merged })).Candidates);
        Assert.Equal("县扶贫办 李四", decided.DecidedBy);

        // The mistyped number now leads to the person it was meant for.
        var resolved = await _factory.Registry().ResolveNationalIdAsync(new ResolveNationalIdRequest { NationalId = again.Members[0].NationalId });
        Assert.Equal((a.HouseholdId, a.Members.Single(m => m.Relation == Relation.Head).PersonId), (resolved.HouseholdId, resolved.Member.PersonId));

        var events = await _factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.MessageType == typeof(HouseholdsMerged).FullName).CountAsync());
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task A_merge_that_is_incomplete_stale_or_names_an_unrelated_candidate_is_refused_and_changes_nothing()
    {
        var first = Family("520402101201");
        var a = await _factory.Registry().RegisterHouseholdAsync(first);
        var b = await _factory.Registry().RegisterHouseholdAsync(FiledAgain(first));
        var candidate = Assert.Single((await PendingAsync()).Candidates);
        var c = await _factory.Registry().RegisterHouseholdAsync(Family("520402101203", "赵六"));

        var incomplete = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, MergedHouseholdId = a.HouseholdId, CandidateIds = { "x" },
        }).ResponseAsync);
        Assert.Equal(["merged_household_id", "surviving_version", "merged_version", "reason", "merged_by", "candidate_ids[0]"],
            incomplete.FieldViolations().Select(v => v.Field));

        var unrelated = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = c.HouseholdId, MergedVersion = c.Version,
            CandidateIds = { candidate.CandidateId }, Reason = "r", MergedBy = "w",
        }).ResponseAsync);
        Assert.Equal(["candidate_ids[0]"], unrelated.FieldViolations().Select(v => v.Field));

        var stale = await Assert.ThrowsAsync<RpcException>(() => _factory.Registry().MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = b.HouseholdId, MergedVersion = b.Version + 1,
            CandidateIds = { candidate.CandidateId }, Reason = "r", MergedBy = "w",
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        Assert.Equal(0, await _factory.WithDbAsync(db => db.Households.CountAsync(h => h.MergedIntoHouseholdId != null)));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.History.CountAsync()));
        Assert.Single((await PendingAsync()).Candidates);
    }

    [Fact]
    public async Task An_import_finds_candidates_against_the_registry_and_within_itself()
    {
        var first = Family("520402101201");
        await _factory.Registry().RegisterHouseholdAsync(first);
        var second = Family("520422101201", "刘德华");
        var progress = await Imports.RunAsync(_factory.Registry(), [FiledAgain(first), second, FiledAgain(second, "520422101202", "劉德華")]);

        Assert.Equal(3, progress[^1].Stored);
        var candidates = (await PendingAsync()).Candidates;
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(95, c.Score));
        Assert.Single(candidates, c => c.Person.RegionCode.StartsWith("520422", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Coordinators_review_and_merge_over_REST()
    {
        var first = Family("520402101201");
        var a = await _factory.Registry().RegisterHouseholdAsync(first);
        var b = await _factory.Registry().RegisterHouseholdAsync(FiledAgain(first));
        var client = _factory.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/households/duplicate-candidates?regionPrefix=520402");
        var candidate = list.GetProperty("candidates")[0];
        Assert.Equal(95, candidate.GetProperty("score").GetInt32());
        var response = await client.PostAsJsonAsync($"/api/v1/households/{a.HouseholdId}:merge", new
        {
            survivingVersion = a.Version, mergedHouseholdId = b.HouseholdId, mergedVersion = b.Version,
            candidateIds = new[] { candidate.GetProperty("candidateId").GetString() }, reason = "重复建档", mergedBy = "县扶贫办",
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.HouseholdId, merged.GetProperty("merged").GetProperty("mergedIntoHouseholdId").GetString());
    }
}

[Collection(HouseholdsOnRabbitMq.Name)]
public class MergeOverRabbitMqTests
{
    [RabbitMqFact]
    public async Task HouseholdsMerged_and_the_survivors_new_state_reach_the_bus()
    {
        await using var mergedProbe = await EventProbe<HouseholdsMerged>.StartAsync();
        await using var updatedProbe = await EventProbe<HouseholdUpdated>.StartAsync();
        await using var factory = await HouseholdsFactory.CreateOnRabbitMqAsync();
        var registry = factory.Registry();
        var first = DeduplicationTests.Family("520402101201");
        var a = await registry.RegisterHouseholdAsync(first);
        var b = await registry.RegisterHouseholdAsync(DeduplicationTests.FiledAgain(first));
        var candidate = Assert.Single((await registry.ListDuplicateCandidatesAsync(new ListDuplicateCandidatesRequest())).Candidates);

        var result = await registry.MergeHouseholdsAsync(new MergeHouseholdsRequest
        {
            SurvivingHouseholdId = a.HouseholdId, SurvivingVersion = a.Version, MergedHouseholdId = b.HouseholdId, MergedVersion = b.Version,
            CandidateIds = { candidate.CandidateId }, Reason = "重复建档", MergedBy = "县扶贫办 李四",
        });

        var survivor = Guid.Parse(a.HouseholdId);
        var merged = await mergedProbe.WaitForAsync(e => e.SurvivingHouseholdId == survivor, TimeSpan.FromSeconds(20));
        Assert.Equal(Guid.Parse(b.HouseholdId), merged.Message.MergedHouseholdId);
        Assert.Equal(result.MovedPersonIds.Select(Guid.Parse).Order(), merged.Message.MovedPersonIds.Order());
        // The head filed twice: its second person id is linked to the first, so departments can follow it.
        var linked = Assert.Single(merged.Message.LinkedPersons);
        Assert.Equal(
            (Guid.Parse(b.Members.Single(m => m.Relation == Relation.Head).PersonId), Guid.Parse(a.Members.Single(m => m.Relation == Relation.Head).PersonId)),
            (linked.PersonId, linked.SamePersonAs));
        Assert.Equal(("重复建档", "县扶贫办 李四"), (merged.Message.Reason, merged.Message.MergedBy));
        var updated = await updatedProbe.WaitForAsync(e => e.HouseholdId == survivor, TimeSpan.FromSeconds(20));
        Assert.Equal(result.Surviving.Members.Select(m => Guid.Parse(m.PersonId)).Order(), updated.Message.Members.Select(m => m.PersonId).Order());
    }
}
