using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Cli.Hosting;

/// <summary>
/// A stage run on a timer by the local host (the Functions app uses timer triggers and Event Grid): every
/// <paramref name="interval"/>, and also at start when <paramref name="runAtStart"/>. A failed run is logged
/// and the next tick tries again.
/// </summary>
internal abstract partial class PeriodicService(string name, TimeSpan interval, bool runAtStart, TimeProvider clock, ILogger logger)
    : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        if (!runAtStart && !await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage down or restarting (timeouts included): the next tick tries again.
                LogRunFailed(logger, name, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} failed, will retry: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string name, string reason);
}
