using Microsoft.Extensions.Configuration;

namespace Enrichment.Cli.Commands;

/// <summary>Settings for one-shot commands: appsettings.json beside the tool, then environment variables (<c>Crossref__Mailto</c>).</summary>
internal static class CliConfiguration
{
    public static IConfiguration Build() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}
