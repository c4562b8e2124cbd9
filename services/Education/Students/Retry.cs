using Coordination.Education.Data;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Education.Students;

/// <summary>Retries a unit of work that lost a race on a unique index (the same enrolment or alert written twice at once).</summary>
internal static class Retry
{
    public static async Task<T> OnConflictAsync<T>(EducationDbContext db, Func<Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await work(); }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
