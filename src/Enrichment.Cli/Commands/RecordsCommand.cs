using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Enrichment.Cli.Commands;

/// <summary><c>enrich records UPLOAD-ID</c>: the records of an upload, from a running host.</summary>
internal static class RecordsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var upload = new Argument<string>("upload-id") { Description = "The upload id `enrich upload` printed." };
        var url = UploadCommand.UrlOption();
        var command = new Command("records", "Print the records of an upload.") { upload, url };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var http = UploadCommand.Client(parseResult.GetValue(url)!);
            return await PrintAsync(http, parseResult.GetValue(upload)!, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> PrintAsync(HttpClient http, string uploadId, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var path = $"api/uploads/{Uri.EscapeDataString(uploadId)}/records?top=500"
                + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            using var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"enrich records: {(int)response.StatusCode} {body}").ConfigureAwait(false);
                return 1;
            }

            var page = JsonSerializer.Deserialize<Page>(body, Json)!;
            foreach (var record in page.Items)
            {
                await Console.Out.WriteLineAsync(Describe(record)).ConfigureAwait(false);
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return 0;
    }

    internal static string Describe(Item record)
    {
        var lines = new List<string>
        {
            $"  [{record.Status}] {record.SourceKey ?? record.RecordId} (line {record.Line.ToString(CultureInfo.InvariantCulture)})"
                + (record.Doi is null ? "" : $" doi:{record.Doi}"),
        };
        if (record.Title is not null)
        {
            lines.Add($"      title: {record.Title}");
        }

        foreach (var (style, citation) in record.Citations)
        {
            lines.Add($"      {style}: {citation}");
        }

        if (record.Error is not null)
        {
            lines.Add($"      {record.ErrorStage ?? "error"}: {record.Error}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    internal sealed record Item(string RecordId, string? SourceKey, int Line, string Status, string? Doi, string? Title, Dictionary<string, string> Citations, string? Error, string? ErrorStage);

    private sealed record Page(List<Item> Items, string? ContinuationToken);
}
