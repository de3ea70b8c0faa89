using System.CommandLine;
using Enrichment.Cli.Hosting;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where the HTTP API listens (the port `func start` uses by default).",
            DefaultValueFactory = _ => LocalHost.DefaultUrls,
        };
        var command = new Command("serve", "Run the pipeline locally: blob and queue triggers (WebJobs SDK) and the HTTP API.") { urls };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = LocalHost.Build(parseResult.GetValue(urls)!);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            foreach (var address in app.Urls)
            {
                await Console.Out.WriteLineAsync($"enrich serve: HTTP API on {address}/api (triggers watching container 'uploads')").ConfigureAwait(false);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
