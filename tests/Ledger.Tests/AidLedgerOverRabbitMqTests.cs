using Coordination.Contracts;
using Coordination.Contracts.Events;
using Coordination.Ledger.V1;
using Coordination.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Xunit;
using GrantorKind = Coordination.Contracts.GrantorKind;

namespace Coordination.Ledger.Tests;

/// <summary>The ledger fed over the test RabbitMQ as the departments feed it, with the duplicate it detects published back.</summary>
[Collection(LedgerOnRabbitMq.Name)]
public class AidLedgerOverRabbitMqTests
{
    [RabbitMqFact]
    public async Task Grants_from_departments_and_an_enterprise_arrive_once_each_and_a_duplicate_is_published()
    {
        await using var probe = await EventProbe<AidDuplicateDetected>.StartAsync();
        await using var factory = await LedgerFactory.CreateOnRabbitMqAsync();
        var h = await factory.Registry().RegisterHouseholdAsync(People.Family());
        var household = Guid.Parse(h.HouseholdId);
        var student = Guid.Parse(h.Members[^1].PersonId);
        var term = (Start: new DateOnly(2026, 9, 1), End: new DateOnly(2027, 1, 31));
        var waiver = new AidGranted(Guid.NewGuid(), household, student, new Grantor(GrantorKind.Department, "education", "县教育局"),
            "雨露计划", "education.tuition-waiver", 0, 250_000, term.Start, term.End, DateTime.UtcNow);
        var dividend = new AidGranted(Guid.NewGuid(), household, null, new Grantor(GrantorKind.Department, "industry", "县农业农村局"),
            "茶叶合作社", "industry.dividend", 80_000, 0, new(2026, 1, 1), new(2026, 12, 31), DateTime.UtcNow);
        var enterpriseWaiver = waiver with { GrantId = Guid.NewGuid(), Grantor = new Grantor(GrantorKind.Enterprise, "91520402MA6DM5X12L", "茶叶公司"), AmountFen = 250_000, InKindValueFen = 0 };

        var messageIds = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await PublishAsync((waiver, messageIds[0]), (dividend, messageIds[1]), (waiver, messageIds[2]), (enterpriseWaiver, messageIds[3]));

        var detected = await probe.WaitForAsync(e => e.HouseholdId == household, TimeSpan.FromSeconds(30));
        Assert.Equal(("exclusive", "education.tuition-waiver"), (detected.Message.Rule, detected.Message.BenefitTypeCode));
        // The two waivers, whichever was consumed first (deliveries are consumed side by side).
        Assert.Equal(new[] { enterpriseWaiver.GrantId, waiver.GrantId }.Order(), detected.Message.GrantIds.Order());
        await Eventually.TrueAsync(() => factory.WithDbAsync(db => db.InboxMessages.CountAsync(m => messageIds.Contains(m.MessageId)).ContinueWith(t => t.Result == 4)),
            TimeSpan.FromSeconds(30), "all four messages consumed");

        var aid = await new AidLedger.AidLedgerClient(factory.Channel()).GetHouseholdAidAsync(new GetHouseholdAidRequest { HouseholdId = h.HouseholdId });
        Assert.Equal(3, aid.Grants.Count); // the waiver sent twice counts once
        Assert.Equal((330_000L, 250_000L), (aid.TotalAmountFen, aid.TotalInKindValueFen));
        Assert.Single(probe.Received, e => e.Message.HouseholdId == household);
    }

    private static async Task PublishAsync(params (AidGranted Message, Guid MessageId)[] messages)
    {
        var uri = TestEnvironment.RabbitMq!;
        var settings = TestEnvironment.RabbitMqSettings();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, settings["Messaging:RabbitMq:VirtualHost"], h =>
        {
            h.Username(settings["Messaging:RabbitMq:Username"]!);
            h.Password(settings["Messaging:RabbitMq:Password"]!);
        }));
        await bus.StartAsync();
        try
        {
            // One after another, as a department's outbox relays them: the duplicate is judged against what came before.
            foreach (var (message, id) in messages) await bus.Publish(message, c => c.MessageId = id);
        }
        finally { await bus.StopAsync(); }
    }
}
