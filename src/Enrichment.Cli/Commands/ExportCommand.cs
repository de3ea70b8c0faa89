using System.CommandLine;

namespace Enrichment.Cli.Commands;

/// <summary><c>enrich export UPLOAD-ID --to bibtex|ris|csl-json|text [--style apa] [--duplicates drop] [--mode update] [-o FILE]</c>, from a running host.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var upload = new Argument<string>("upload-id") { Description = "The upload id `enrich upload` printed." };
        var to = new Option<string>("--to") { Description = "bibtex, ris, csl-json or text (a bibliography).", DefaultValueFactory = _ => "csl-json" };
        var style = new Option<string?>("--style") { Description = "The citation style for --to text." };
        var duplicates = new Option<string?>("--duplicates") { Description = "keep (the default) or drop records that repeat an earlier one of the upload." };
        var mode = new Option<string?>("--mode") { Description = "records (the default), or update: the uploaded BibTeX file with only insertions (with --to bibtex)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of stdout." };
        var url = UploadCommand.UrlOption();
        var command = new Command("export", "Export an upload's enriched records.") { upload, to, style, duplicates, mode, output, url };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var http = UploadCommand.Client(parseResult.GetValue(url)!);
            var path = $"api/uploads/{Uri.EscapeDataString(parseResult.GetValue(upload)!)}/export?format={Uri.EscapeDataString(parseResult.GetValue(to)!)}"
                + (parseResult.GetValue(style) is { } s ? "&style=" + Uri.EscapeDataString(s) : "")
                + (parseResult.GetValue(duplicates) is { } d ? "&duplicates=" + Uri.EscapeDataString(d) : "")
                + (parseResult.GetValue(mode) is { } m ? "&mode=" + Uri.EscapeDataString(m) : "");
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"enrich export: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}").ConfigureAwait(false);
                return 1;
            }

            var target = parseResult.GetValue(output) is { } file ? file.Create() : Console.OpenStandardOutput();
            await using (target.ConfigureAwait(false))
            {
                await response.Content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
