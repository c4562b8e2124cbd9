using Coordination.BuildingBlocks.Domain;
using Coordination.TestSupport;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Coordination.Donors.Tests;

[Trait("Acceptance", "1")]
public class CreditCodeTests
{
    // Codes of real registered enterprises, whose check characters were verified by an independent implementation of GB 32100.
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600037341L")]
    [InlineData("91440300708461136T")]
    public void A_valid_code_is_accepted(string code)
    {
        Assert.True(CreditCode.TryNormalize(code, out var normalised, out var error), error);
        Assert.Equal(code, normalised);
    }

    [Fact]
    public void A_wrong_check_character_is_refused()
    {
        var code = Enterprises.NewCreditCode();
        var wrong = code[..17] + (code[17] == '0' ? '1' : '0');

        Assert.False(CreditCode.TryNormalize(wrong, out _, out var error));
        Assert.Contains("check character", error);
    }

    [Fact]
    public void Lower_case_is_accepted_and_normalised_to_upper_case()
    {
        Assert.True(CreditCode.TryNormalize("91350100m000100y43", out var code, out var error), error);
        Assert.Equal("91350100M000100Y43", code);
    }

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("")]
    public void A_wrong_length_is_refused(string input)
    {
        Assert.False(CreditCode.TryNormalize(input, out _, out var error));
        Assert.Contains("18 characters", error);
    }

    [Fact]
    public void Letters_outside_the_GB_32100_alphabet_are_refused() =>
        Assert.False(CreditCode.TryNormalize("91350100M000100I43", out _, out _));
}

/// <summary>The same four cases through the service: what a registering enterprise sees.</summary>
[Trait("Acceptance", "1")]
public class CreditCodeRegistrationTests : IAsyncLifetime
{
    private DonorsFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await DonorsFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_lower_case_code_registers_in_upper_case()
    {
        var registered = await _factory.Donors().RegisterEnterpriseAsync(Enterprises.Registration("91350100m000100y43"));

        Assert.Equal("91350100M000100Y43", registered.CreditCode);
        Assert.Equal("91350100M000100Y43", await _factory.WithDbAsync(db => db.Enterprises.Select(e => e.CreditCode).SingleAsync()));
    }

    [Theory]
    [InlineData("wrong check character")]
    [InlineData("wrong length")]
    [Trait("Acceptance", "4")]
    public async Task An_invalid_code_is_InvalidArgument_on_credit_code_and_stores_nothing(string mistake)
    {
        var code = Enterprises.NewCreditCode();
        var input = mistake == "wrong length" ? code[..16] : code[..17] + (code[17] == 'A' ? 'B' : 'A');

        var error = await Assert.ThrowsAsync<RpcException>(() => _factory.Donors().RegisterEnterpriseAsync(Enterprises.Registration(input)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == "credit_code");
        Assert.Equal(0, await _factory.WithDbAsync(db => db.Enterprises.CountAsync()));
    }
}
