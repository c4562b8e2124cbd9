using Xunit;

namespace Coordination.TestSupport;

/// <summary>
/// A fact that starts RabbitMQ nodes of its own beside the test PostgreSQL: it runs where deploy/test.sh
/// has prepared both servers (so RabbitMQ is installed), and is skipped, saying why, elsewhere.
/// </summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (TestEnvironment.Postgres is null) Skip = $"{TestEnvironment.PostgresVariable} is not set; deploy/test.sh starts PostgreSQL.";
        else if (TestEnvironment.RabbitMq is null) Skip = $"{TestEnvironment.RabbitMqVariable} is not set; deploy/test.sh starts RabbitMQ.";
    }
}
