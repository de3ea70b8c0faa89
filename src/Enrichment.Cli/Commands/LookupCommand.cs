using System.CommandLine;
using Enrichment.Core.Agencies;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.CslJson;
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
        var command = new Command("lookup", "Look one DOI up (Crossref, DataCite, doi.org) and print its citation (or --json).") { doi, json, style };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = CliConfiguration.Build();
            var services = new ServiceCollection()
                .AddSingleton(configuration)
                .AddSingleton<IConfiguration>(configuration);
            services.AddRegistrationAgencies(configuration);
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

            var lookup = await provider.GetRequiredService<WorksApi>().LookupAsync(parseResult.GetValue(doi), parseResult.GetValue(style), StyleOrigin.Operator, cancellationToken).ConfigureAwait(false);
            if (lookup is not WorkLookup.Found found)
            {
                await Console.Error.WriteLineAsync($"enrich lookup: {Describe(lookup)}").ConfigureAwait(false);
                return lookup switch { WorkLookup.InvalidDoi or WorkLookup.UnknownStyle or WorkLookup.TooManyStyles => 2, WorkLookup.NotFound => 3, _ => 4 };
            }

            if (parseResult.GetValue(json))
            {
                await Console.Out.WriteLineAsync(CslJsonConvert.Serialize(found.Record)).ConfigureAwait(false);
                return 0;
            }

            foreach (var citation in found.Citations.Values)
            {
                await Console.Out.WriteLineAsync(citation).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static string Describe(WorkLookup lookup) => lookup switch
    {
        WorkLookup.InvalidDoi invalid => $"'{invalid.Text}' is not a DOI",
        WorkLookup.NotFound notFound => $"no registration agency knows {notFound.Doi}",
        WorkLookup.UnknownStyle unknown => $"unknown style '{unknown.Style}'",
        WorkLookup.TooManyStyles tooMany => $"at most {tooMany.Max} styles at once",
        WorkLookup.Unavailable unavailable => $"Crossref unavailable: {unavailable.Reason}",
        WorkLookup.Unreadable unreadable => $"unreadable Crossref answer: {unreadable.Reason}",
        _ => lookup.ToString(),
    };
}
