using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Industry.Data;

/// <summary>The service's own database; for now it holds only its outbox and inbox.</summary>
public class IndustryDbContext(DbContextOptions options) : ServiceDbContext(options);
