using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Hosting;

/// <summary>The local host's upload trigger: runs <see cref="UploadScan"/> every <see cref="PipelineOptions.UploadScanInterval"/>.</summary>
internal sealed class UploadScanService(UploadScan scan, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<UploadScanService> logger)
    : PeriodicService("Upload scan", options.Value.UploadScanInterval, runAtStart: true, clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => scan.RunAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await scan.IdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Reads cut short by the shutdown are read again on the next start.
        }
    }
}
