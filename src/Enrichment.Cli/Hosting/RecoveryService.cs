using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Hosting;

/// <summary>The local host's recovery sweep, on <see cref="PipelineOptions.RecoveryInterval"/> (the Functions app uses a timer trigger).</summary>
internal sealed class RecoveryService(RecoveryStage stage, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<RecoveryService> logger)
    : PeriodicService("Recovery sweep", options.Value.RecoveryInterval, runAtStart: false, clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => stage.RunAsync(cancellationToken);
}
