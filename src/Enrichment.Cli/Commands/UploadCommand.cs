using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Enrichment.Cli.Hosting;

namespace Enrichment.Cli.Commands;

/// <summary>
/// <c>enrich upload FILE... [--wait]</c>: sends files to a running host (<c>enrich serve</c> or the Functions
/// app) and, with --wait, follows each upload to the end and prints its records.
/// </summary>
internal static class UploadCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Option<string> UrlOption() => new("--url")
    {
        Description = "The host's base URL.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENRICH_URL") ?? LocalHost.DefaultUrls,
    };

    /// <summary>
    /// A client of a running host at <paramref name="baseUrl"/>; with <c>ENRICH_API_KEY</c> set (a Functions key, or the
    /// <c>Enrichment__ApiKey</c> of an <c>enrich serve</c> open to the network) every call carries it.
    /// </summary>
    public static HttpClient Client(string baseUrl)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") };
        if (Environment.GetEnvironmentVariable("ENRICH_API_KEY") is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return http;
    }

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Files of references.", Arity = ArgumentArity.OneOrMore };
        var url = UrlOption();
        var wait = new Option<bool>("--wait") { Description = "Wait until every record is done, then print them." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait at most.", DefaultValueFactory = _ => 600 };
        var command = new Command("upload", "Upload files to the pipeline.") { files, url, wait, timeout };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var http = UploadCommand.Client(parseResult.GetValue(url)!);
            var failures = 0;
            foreach (var file in parseResult.GetValue(files)!)
            {
                failures += await UploadAsync(http, file, parseResult.GetValue(wait), TimeSpan.FromSeconds(parseResult.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            }

            return failures == 0 ? 0 : 2;
        });
        return command;
    }

    private static async Task<int> UploadAsync(HttpClient http, FileInfo file, bool wait, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"enrich upload: {file.FullName} does not exist").ConfigureAwait(false);
            return 1;
        }

        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            using var content = new StreamContent(stream);
            using var response = await http.PostAsync($"api/uploads?name={Uri.EscapeDataString(file.Name)}", content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"enrich upload: {file.Name}: {(int)response.StatusCode} {body}").ConfigureAwait(false);
                return 1;
            }

            var created = JsonSerializer.Deserialize<Created>(body, Json)!;
            await Console.Out.WriteLineAsync($"{file.Name}: upload {created.UploadId}").ConfigureAwait(false);
            return wait ? await WaitAsync(http, created.UploadId, timeout, cancellationToken).ConfigureAwait(false) : 0;
        }
    }

    private static async Task<int> WaitAsync(HttpClient http, string uploadId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        Summary? summary = null;
        var lastLine = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            summary = await http.GetFromJsonAsync<Summary>($"api/uploads/{uploadId}", Json, cancellationToken).ConfigureAwait(false);
            var line = $"  {summary!.Status}: {summary.Completed} of {summary.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} records done";
            if (line != lastLine)
            {
                await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
                lastLine = line;
            }

            if (summary.Status is "completed" or "failed")
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        if (summary is null)
        {
            return 1;
        }

        await RecordsCommand.PrintAsync(http, uploadId, cancellationToken).ConfigureAwait(false);
        var counts = string.Join(", ", summary.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
        await Console.Out.WriteLineAsync($"  upload {uploadId}: {summary.Status}; {counts}").ConfigureAwait(false);
        return summary.Status == "completed" ? 0 : 1;
    }

    private sealed record Created(string UploadId, string BlobName, string StatusUrl);

    private sealed record Summary(string UploadId, string Status, int? Total, int Completed, Dictionary<string, int> Counts, string? Error);
}
