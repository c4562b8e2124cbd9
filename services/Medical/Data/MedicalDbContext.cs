using Coordination.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Medical.Data;

/// <summary>The service's own database; for now it holds only its outbox and inbox.</summary>
public class MedicalDbContext(DbContextOptions options) : ServiceDbContext(options);
