using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;

namespace Enrichment.Cli.Commands;

/// <summary><c>enrich convert IN --to bibtex|ris|csl-json|doi-list|reference-list [-o OUT]</c>: read any supported format, write another.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The file of references to read." };
        var from = new Option<string>("--format") { Description = "The input's format.", DefaultValueFactory = _ => "auto" };
        from.AcceptOnlyFromAmong(["auto", .. ReferenceFormats.Names]);
        var to = new Option<string>("--to") { Description = "The output format.", Required = true };
        to.AcceptOnlyFromAmong([.. ReferenceFormats.Names]);
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of stdout." };
        var command = new Command("convert", "Convert references between BibTeX, RIS, CSL-JSON and DOI lists.") { file, from, to, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var input = await ReferenceInput.OpenAsync(parseResult.GetValue(file)!, parseResult.GetValue(from)!, Console.Error, cancellationToken).ConfigureAwait(false);
            if (input is null)
            {
                return 1;
            }

            var failures = new StrongBox<int>();
            var target = parseResult.GetValue(output) is { } path ? path.Create() : Console.OpenStandardOutput();
            await using (input.Content.ConfigureAwait(false))
            await using (target.ConfigureAwait(false))
            {
                var references = ReferenceInput.ReadAsync(input, Console.Error, failures, cancellationToken);
                var writer = ReferenceFormats.CreateWriter(ReferenceFormats.Parse(parseResult.GetValue(to)!));
                if (writer is CslJsonWriter json)
                {
                    // UTF-8 straight to the output, with no string per item in between.
                    await json.WriteAsync(references, target, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var text = new StreamWriter(target, new UTF8Encoding(false), 64 * 1024);
                    await using (text.ConfigureAwait(false))
                    {
                        await writer.WriteAsync(references, text, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return failures.Value == 0 ? 0 : 2;
        });
        return command;
    }
}
