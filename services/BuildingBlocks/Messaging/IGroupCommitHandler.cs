namespace Coordination.BuildingBlocks.Messaging;

/// <summary>
/// The set-based work of a group-committed consumer: the effects of every message of a batch, applied
/// to the scoped DbContext only (like a consumer behind the inbox filter). The group commit adds the
/// inbox rows and commits; messages already in the inbox never reach the handler.
/// </summary>
public interface IGroupCommitHandler<in T> where T : class
{
    Task HandleAsync(IReadOnlyList<T> messages, CancellationToken cancellationToken);
}
