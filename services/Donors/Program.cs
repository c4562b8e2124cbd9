using Coordination.Donors;

var builder = WebApplication.CreateBuilder(args);
builder.AddDonorsService();

var app = builder.Build();
app.MapDonorsService();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
