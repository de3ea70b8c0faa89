using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Enrichment.Testing;

/// <summary>
/// A fake Crossref REST API served by Kestrel on 127.0.0.1 over real HTTP: <c>/works/{doi}</c> answers from
/// recorded-shape JSON and <c>/works?query.bibliographic=...&amp;rows=N</c> searches those works, with
/// latency, faults, and Crossref's rate and concurrency limits enforced with 429s on demand (<see cref="FakeAgency"/>).
/// It counts calls per DOI, searches and rejections.
/// </summary>
public sealed class FakeCrossref : FakeAgency
{
    private const string SearchKey = "\u0000search";

    private int _searchCalls;

    /// <summary>Every request, to any path, including rejected ones.</summary>
    public override int TotalCalls => base.TotalCalls + _searchCalls;

    /// <summary>Requests to <c>/works?query...</c>.</summary>
    public int SearchCalls => _searchCalls;

    public static Task<FakeCrossref> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new FakeCrossref(), static (app, fake) =>
        {
            app.MapGet("/works/{**doi}", (string doi, HttpContext context) => fake.AnswerWorkAsync(Uri.UnescapeDataString(doi), context));
            app.MapGet("/works", fake.AnswerSearchRequestAsync);
        }, cancellationToken);

    /// <summary>Serves a work: <paramref name="responseJson"/> is a whole <c>/works/{doi}</c> response.</summary>
    public void AddWork(string responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        var doi = document.RootElement.GetProperty("message").GetProperty("DOI").GetString()!;
        Works[doi] = responseJson;
    }

    /// <summary>Serves a copy of an existing work under another DOI (to make many distinct works).</summary>
    public void AddCopy(string existingDoi, string newDoi)
    {
        var node = JsonNode.Parse(Works[existingDoi])!;
        node["message"]!["DOI"] = newDoi;
        Works[newDoi] = node.ToJsonString();
    }

    /// <summary>
    /// Adds an entry to the served work's <c>updated-by</c>, as Crossref does when a notice about it is registered
    /// (or Retraction Watch reports one) after it was published.
    /// </summary>
    public void AddUpdate(string doi, string type, string noticeDoi, string source = "publisher", string? recordId = null)
    {
        var node = JsonNode.Parse(Works[doi])!;
        var message = node["message"]!.AsObject();
        if (message["updated-by"] is not JsonArray updates)
        {
            updates = [];
            message["updated-by"] = updates;
        }

        var update = new JsonObject
        {
            ["DOI"] = noticeDoi,
            ["type"] = type,
            ["label"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(type.Replace('_', ' ')),
            ["source"] = source,
            ["updated"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray(2024, 5, 6)) },
        };
        if (recordId is not null)
        {
            update["record-id"] = recordId;
        }

        updates.Add(update);
        Works[doi] = node.ToJsonString();
    }

    /// <summary>Serves every <c>*.json</c> response in a folder (such as ../shared/corpus/crossref-works).</summary>
    public int AddWorksFrom(string directory)
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            AddWork(File.ReadAllText(file));
            count++;
        }

        return count;
    }

    /// <summary>Answers the next searches with these faults, in order, then normally.</summary>
    public void ScriptSearch(params FakeFault[] faults) => Enqueue(SearchKey, faults);

    public override void ResetCounters()
    {
        base.ResetCounters();
        _searchCalls = 0;
    }

    private Task AnswerWorkAsync(string doi, HttpContext context) => AnswerAsync(doi, doi, context, async context =>
    {
        if (!Works.TryGetValue(doi, out var body))
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Resource not found.", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    });

    private Task AnswerSearchRequestAsync(HttpContext context)
    {
        Interlocked.Increment(ref _searchCalls);
        return AnswerAsync(null, SearchKey, context, AnswerSearchAsync);
    }

    protected override void AddLimitHeaders(HttpContext context)
    {
        if (RateLimit is { } limit)
        {
            context.Response.Headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Rate-Limit-Interval"] =
                ((int)RateLimitInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        if (ConcurrencyLimit is { } concurrency)
        {
            context.Response.Headers["X-Concurrency-Limit"] = concurrency.ToString(CultureInfo.InvariantCulture);
        }
    }

    private async Task AnswerSearchAsync(HttpContext context)
    {
        var query = context.Request.Query["query.bibliographic"].ToString();
        var rows = int.TryParse(context.Request.Query["rows"], CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 1000) : 20;
        var queryTokens = Tokens(query);
        var scored = Works.Values
            .Select(body => JsonNode.Parse(body)!["message"]!)
            .Select(work => (Work: work, Score: Score(queryTokens, work)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => (string?)x.Work["DOI"], StringComparer.Ordinal)
            .ToList();
        var items = new JsonArray();
        foreach (var (work, score) in scored.Take(rows))
        {
            var copy = work.DeepClone();
            copy["score"] = Math.Round(score, 3);
            items.Add(copy);
        }

        var response = new JsonObject
        {
            ["status"] = "ok",
            ["message-type"] = "work-list",
            ["message-version"] = "1.0.0",
            ["message"] = new JsonObject
            {
                ["total-results"] = scored.Count,
                ["items-per-page"] = rows,
                ["items"] = items,
            },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    /// <summary>A crude relevance: how many query words the work's title, authors, year and container hold.</summary>
    private static double Score(HashSet<string> query, JsonNode work)
    {
        if (query.Count == 0)
        {
            return 0;
        }

        var text = new StringBuilder();
        foreach (var key in new[] { "title", "subtitle", "container-title" })
        {
            if (work[key] is JsonArray array)
            {
                text.AppendJoin(' ', array.Select(a => a?.ToString())).Append(' ');
            }
        }

        if (work["author"] is JsonArray authors)
        {
            text.AppendJoin(' ', authors.Select(a => a?["family"]?.ToString())).Append(' ');
        }

        if (work["issued"]?["date-parts"]?[0]?[0] is { } year)
        {
            text.Append(year.ToString());
        }

        // Words the query has weigh most; words the work has beyond them lower the score a little.
        var tokens = Tokens(text.ToString());
        var shared = query.Count(tokens.Contains);
        return (100.0 * shared / query.Count) + (10.0 * shared / Math.Max(1, tokens.Count));
    }

    private static HashSet<string> Tokens(string text) =>
        [.. text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => new string([.. t.Where(char.IsLetterOrDigit)])).Where(t => t.Length > 1)];
}
