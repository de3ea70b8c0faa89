using Enrichment.Pipeline.Stages;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>Every five minutes: restart records and uploads that stopped moving.</summary>
public sealed class Recovery(RecoveryStage stage)
{
    [Function(nameof(Recovery))]
    public Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        stage.RunAsync(cancellationToken);
}
