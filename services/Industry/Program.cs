using Coordination.Industry;

var builder = WebApplication.CreateBuilder(args);
builder.AddIndustryService();

var app = builder.Build();
app.MapIndustryService();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
