using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;

namespace Enrichment.Cli.Commands;

/// <summary>
/// <c>enrich parse FILE</c>: the records as a CSL-JSON array on stdout, each failed entry as one JSON line on
/// stderr. Exit 0 when nothing failed, 2 when some entries failed, 1 when the file could not be read.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The file of references to read." };
        var format = new Option<string>("--format")
        {
            Description = "The file's format.",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong(["auto", .. ReferenceFormats.Names]);
        var command = new Command("parse", "Parse a file of references to CSL-JSON.") { file, format };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(parseResult.GetValue(file)!, parseResult.GetValue(format)!, Console.OpenStandardOutput(), Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(FileInfo file, string format, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var detected = await ReferenceInput.OpenAsync(file, format, stderr, cancellationToken).ConfigureAwait(false);
        if (detected is null)
        {
            return 1;
        }

        var failed = new StrongBox<int>();
        var input = detected.Content;
        await using (input.ConfigureAwait(false))
        {
            // Standard output has no asynchronous I/O: its WriteAsync and FlushAsync only run the same blocking
            // write on a pool thread. Writing synchronously saves a thread hop per block and loses nothing here.
            using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions
            {
                Indented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
            json.WriteStartArray();
            await foreach (var reference in ReferenceInput.ReadAsync(detected, stderr, failed, cancellationToken).ConfigureAwait(false))
            {
                CslJsonConvert.Write(json, reference);
                if (json.BytesPending > CslJsonWriter.BlockSize)
                {
                    json.Flush();
                }
            }

            json.WriteEndArray();
            json.Flush();
        }

        stdout.Write("\n"u8);
        stdout.Flush();
        return failed.Value == 0 ? 0 : 2;
    }
}
