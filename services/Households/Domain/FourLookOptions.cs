namespace Coordination.Households.Domain;

/// <summary>The weights of the four looks (configuration "FourLook:Weights"); they need not sum to 1.</summary>
public sealed class FourLookOptions
{
    public const string Section = "FourLook";

    public FourLookWeights Weights { get; set; } = new();

    /// <summary>Arable land per person (mu) at or above which grain and land show no hardship.</summary>
    public double SufficientLandPerPersonMu { get; set; } = 1.5;
}
