using Microsoft.Extensions.Options;

namespace Coordination.BuildingBlocks.Messaging;

/// <summary>Refuses, at start, a retention that would let a redelivery through the inbox or could never sweep.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.InboxRetention < RetentionOptions.MinimumInboxRetention)
            failures.Add($"{RetentionOptions.Section}:{nameof(RetentionOptions.InboxRetention)} is {options.InboxRetention}, shorter than the minimum "
                + $"{RetentionOptions.MinimumInboxRetention}: a message redelivered after its inbox row is deleted would be handled twice.");
        if (options.OutboxRetention <= TimeSpan.Zero)
            failures.Add($"{RetentionOptions.Section}:{nameof(RetentionOptions.OutboxRetention)} must be positive; it is {options.OutboxRetention}.");
        if (options.SweepInterval <= TimeSpan.Zero)
            failures.Add($"{RetentionOptions.Section}:{nameof(RetentionOptions.SweepInterval)} must be positive; it is {options.SweepInterval}.");
        if (options.BatchSize <= 0)
            failures.Add($"{RetentionOptions.Section}:{nameof(RetentionOptions.BatchSize)} must be positive; it is {options.BatchSize}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
