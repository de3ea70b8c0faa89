using System.CommandLine;
using System.Runtime.CompilerServices;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Commands;

/// <summary>
/// <c>enrich format FILE --style NAME|PATH.csl [--locale en-US|PATH.xml] [--output text|html] [--mode entries|bibliography|citation]</c>.
/// <c>entries</c> renders each item alone, one line per item in input order (what the pipeline stores);
/// <c>bibliography</c> renders them together, sorted and disambiguated; <c>citation</c> one citation of all items.
/// </summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "References (CSL-JSON, or any format enrich parse reads)." };
        var style = new Option<string>("--style") { Description = "A built-in style (apa, mla, chicago-author-date, ieee, vancouver), a .csl file or a URL.", DefaultValueFactory = _ => "apa" };
        var locale = new Option<string>("--locale") { Description = "en-US (built in) or a CSL locale file.", DefaultValueFactory = _ => "en-US" };
        var output = new Option<string>("--output") { Description = "text or html.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "html");
        var mode = new Option<string>("--mode") { Description = "entries, bibliography or citation.", DefaultValueFactory = _ => "entries" };
        mode.AcceptOnlyFromAmong("entries", "bibliography", "citation");
        var format = new Option<string>("--format") { Description = "The input's format.", DefaultValueFactory = _ => "auto" };
        var command = new Command("format", "Format references as citations with a CSL style.") { file, style, locale, output, mode, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var localeName = parseResult.GetValue(locale)!;
            CslLocale? cslLocale;
            if (localeName.Equals("en-US", StringComparison.OrdinalIgnoreCase))
            {
                cslLocale = CslLocale.BuiltInEnUs;
            }
            else if (File.Exists(localeName))
            {
                cslLocale = CslLocale.LoadFile(localeName, CslLocale.BuiltInEnUs);
            }
            else
            {
                await Console.Error.WriteLineAsync($"enrich format: locale '{localeName}' is not built in (en-US is); give the path of a CSL locale file").ConfigureAwait(false);
                return 1;
            }

            CitationStyle processor;
            try
            {
                using var http = new HttpClient(CslCitationFormatter.CreateHttpHandler());
                var formatter = new CslCitationFormatter(Options.Create(StyleOptionsFrom(CliConfiguration.Build())), http, locale: cslLocale);
                processor = await formatter.GetStyleAsync(parseResult.GetValue(style)!, StyleOrigin.Operator, cancellationToken).ConfigureAwait(false);
            }
            catch (UnknownStyleException ex)
            {
                // The operator's own terminal: the cause (file, HTTP status, XML) helps and reveals nothing to anyone else.
                await Console.Error.WriteLineAsync($"enrich format: {ex.Message}{(ex.InnerException is { } cause ? $" ({cause.Message})" : "")}").ConfigureAwait(false);
                return 1;
            }

            var input = await ReferenceInput.OpenAsync(parseResult.GetValue(file)!, parseResult.GetValue(format)!, Console.Error, cancellationToken).ConfigureAwait(false);
            if (input is null)
            {
                return 1;
            }

            var failures = new StrongBox<int>();
            var kind = parseResult.GetValue(output) == "html" ? CitationOutput.Html : CitationOutput.Text;
            await using (input.Content.ConfigureAwait(false))
            {
                var references = ReferenceInput.ReadAsync(input, Console.Error, failures, cancellationToken);
                switch (parseResult.GetValue(mode))
                {
                    case "entries":
                        await foreach (var reference in references.ConfigureAwait(false))
                        {
                            await Console.Out.WriteLineAsync(processor.FormatEntry(reference, kind)).ConfigureAwait(false);
                        }

                        break;
                    case "bibliography":
                        foreach (var entry in processor.FormatBibliography(await ToListAsync(references).ConfigureAwait(false), kind))
                        {
                            await Console.Out.WriteLineAsync(entry).ConfigureAwait(false);
                        }

                        break;
                    default:
                        var items = (await ToListAsync(references).ConfigureAwait(false)).Select(r => new CitationItem(r)).ToList();
                        await Console.Out.WriteLineAsync(processor.FormatCitation(items, kind)).ConfigureAwait(false);
                        break;
                }
            }

            return failures.Value == 0 ? 0 : 2;
        });
        return command;
    }

    /// <summary>The <c>Styles</c> limits from the CLI's configuration (defaults when absent).</summary>
    private static StyleOptions StyleOptionsFrom(IConfiguration configuration) =>
        configuration.GetSection(StyleOptions.SectionName).Get<StyleOptions>() ?? new StyleOptions();

    private static async Task<List<Reference>> ToListAsync(IAsyncEnumerable<Reference> references)
    {
        var list = new List<Reference>();
        await foreach (var reference in references.ConfigureAwait(false))
        {
            list.Add(reference);
        }

        return list;
    }
}
