using Coordination.Medical;

var builder = WebApplication.CreateBuilder(args);
builder.AddMedicalService();

var app = builder.Build();
app.MapMedicalService();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
