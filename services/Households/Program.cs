using Coordination.Households;

var builder = WebApplication.CreateBuilder(args);
builder.AddHouseholdsService();

var app = builder.Build();
app.MapHouseholdsService();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
