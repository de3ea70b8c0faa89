using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Hosting;

/// <summary>The local host's upload trigger: runs <see cref="UploadScan"/> every <see cref="PipelineOptions.UploadScanInterval"/>.</summary>
internal sealed partial class UploadScanService(UploadScan scan, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<UploadScanService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UploadScanInterval, clock);
        do
        {
            try
            {
                await scan.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage down or restarting (timeouts included): the next tick lists again.
                LogScanFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload scan failed, will retry: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, string reason);
}
