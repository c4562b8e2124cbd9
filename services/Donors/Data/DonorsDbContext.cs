using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Donors.Data;

/// <summary>The service's own database; for now it holds only its outbox and inbox.</summary>
public class DonorsDbContext(DbContextOptions options) : ServiceDbContext(options);
