using System.CommandLine;
using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Pipeline;
using Enrichment.Pipeline.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Commands;

/// <summary><c>enrich lookup DOI</c>: the enriched record for one DOI, straight from Crossref.</summary>
internal static class LookupCommand
{
    public static Command Create()
    {
        var doi = new Argument<string>("doi") { Description = "A DOI, in any form (10.x/y, doi:..., https://doi.org/...)." };
        var json = new Option<bool>("--json") { Description = "Print the whole record as JSON." };
        var style = new Option<string?>("--style") { Description = "Citation style(s), comma-separated (default: configured styles)." };
        var command = new Command("lookup", "Look one DOI up at Crossref and print its citation (or --json).") { doi, json, style };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = CliConfiguration.Build();
            var services = new ServiceCollection()
                .AddSingleton(configuration)
                .AddSingleton<IConfiguration>(configuration);
            services.AddCrossref(configuration);
            services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName);
            services.AddCitationFormatter();
            services.AddSingleton<WorksApi>();
            await using var provider = services.BuildServiceProvider();
            try
            {
                _ = provider.GetRequiredService<IOptions<CrossrefOptions>>().Value;
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"enrich lookup: {ex.Message} (set Crossref__Mailto to your e-mail address)").ConfigureAwait(false);
                return 1;
            }

            var result = await provider.GetRequiredService<WorksApi>().GetAsync(parseResult.GetValue(doi), parseResult.GetValue(style), StyleOrigin.Operator, cancellationToken).ConfigureAwait(false);
            if (result.StatusCode != 200 || parseResult.GetValue(json))
            {
                await (result.StatusCode == 200 ? Console.Out : Console.Error).WriteLineAsync(result.Body).ConfigureAwait(false);
                return result.StatusCode switch { 200 => 0, 400 => 2, 404 => 3, _ => 4 };
            }

            using var document = JsonDocument.Parse(result.Body);
            foreach (var citation in document.RootElement.GetProperty("citations").EnumerateObject())
            {
                await Console.Out.WriteLineAsync(citation.Value.GetString()).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
