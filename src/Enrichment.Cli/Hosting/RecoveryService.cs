using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Hosting;

/// <summary>The local host's recovery sweep, on <see cref="PipelineOptions.RecoveryInterval"/> (the Functions app uses a timer trigger).</summary>
internal sealed partial class RecoveryService(RecoveryStage stage, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<RecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecoveryInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await stage.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage down or restarting (timeouts included): the next tick tries again.
                LogSweepFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep failed, will retry: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
