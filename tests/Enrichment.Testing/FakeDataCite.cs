using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Enrichment.Testing;

/// <summary>
/// A fake DataCite REST API on 127.0.0.1 over real HTTP: <c>/dois/{doi}</c> answers JSON:API documents (such as the
/// real answers in ../shared/corpus/datacite-dois), 404 with DataCite's error document for any other DOI, with
/// latency, faults and DataCite's rate limit (429 with Retry-After, <c>X-RateLimit-Limit</c> and
/// <c>X-RateLimit-Remaining</c>) as <see cref="FakeAgency"/> has them.
/// </summary>
public sealed class FakeDataCite : FakeAgency
{
    public FakeDataCite() => RateLimitInterval = TimeSpan.FromMinutes(5);

    public static Task<FakeDataCite> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new FakeDataCite(), static (app, fake) =>
            app.MapGet("/dois/{**doi}", (string doi, HttpContext context) => fake.AnswerDoiAsync(Uri.UnescapeDataString(doi), context)),
            cancellationToken);

    /// <summary>Serves a DOI: <paramref name="responseJson"/> is a whole <c>/dois/{doi}</c> answer; returns its DOI.</summary>
    public string AddWork(string responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        var doi = document.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("doi").GetString()!;
        Works[doi] = responseJson;
        return doi;
    }

    /// <summary>Serves every <c>*.json</c> answer in a folder (such as ../shared/corpus/datacite-dois); returns their DOIs.</summary>
    public IReadOnlyList<string> AddWorksFrom(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(file => AddWork(File.ReadAllText(file)))];

    private Task AnswerDoiAsync(string doi, HttpContext context) => AnswerAsync(doi, doi, context, async context =>
    {
        context.Response.ContentType = "application/vnd.api+json; charset=utf-8";
        if (!Works.TryGetValue(doi, out var body))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync(
                """{"errors":[{"status":"404","title":"The resource you are looking for doesn't exist."}]}""", context.RequestAborted);
            return;
        }

        await context.Response.WriteAsync(body, context.RequestAborted);
    });

    protected override void AddLimitHeaders(HttpContext context)
    {
        if (RateLimit is { } limit)
        {
            context.Response.Headers["X-Ratelimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Ratelimit-Remaining"] = Math.Max(0, limit - TotalCalls).ToString(CultureInfo.InvariantCulture);
        }
    }
}
