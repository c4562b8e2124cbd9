namespace Coordination.Households.Domain;

public sealed class FourLookWeights
{
    public double Housing { get; set; } = 0.25;
    public double GrainAndLand { get; set; } = 0.25;
    public double Labour { get; set; } = 0.25;
    public double ChildrenInSchool { get; set; } = 0.25;
}
