using Coordination.BuildingBlocks.Messaging;
using Coordination.Contracts.Events;
using Coordination.Ledger.Grants;
using MassTransit;

namespace Coordination.Ledger.Consumers;

/// <summary>
/// Every grant of every department and enterprise enters the ledger, and may meet a need. Grants come
/// in thousands a second at peak, so they are group-committed: this consumer only hands its message to
/// <see cref="GroupCommit{T}"/>, which records whatever grants are waiting in one transaction (<see cref="GrantBatch"/>).
/// </summary>
public sealed class AidGrantedConsumer(GroupCommit<AidGranted> commit) : IConsumer<AidGranted>
{
    public Task Consume(ConsumeContext<AidGranted> context) => commit.SubmitAsync(context);
}
