using Coordination.Education;

var builder = WebApplication.CreateBuilder(args);
builder.AddEducationService();

var app = builder.Build();
app.MapEducationService();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
