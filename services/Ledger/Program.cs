using Coordination.Ledger;

var builder = WebApplication.CreateBuilder(args);
builder.AddLedgerService();

var app = builder.Build();
app.MapLedgerService();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
