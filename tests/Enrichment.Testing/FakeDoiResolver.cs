using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Enrichment.Testing;

/// <summary>
/// A fake DOI resolver on 127.0.0.1 over real HTTP doing content negotiation: <c>/{doi}</c> with
/// <c>Accept: application/vnd.citationstyles.csl+json</c> answers the DOI's CSL-JSON item (406 for another Accept,
/// 404 for an unknown DOI), with latency, faults and limits as <see cref="FakeAgency"/> has them.
/// </summary>
public sealed class FakeDoiResolver : FakeAgency
{
    public const string CslJson = "application/vnd.citationstyles.csl+json";

    public static Task<FakeDoiResolver> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new FakeDoiResolver(), static (app, fake) =>
            app.MapGet("/{**doi}", (string doi, HttpContext context) => fake.AnswerDoiAsync(Uri.UnescapeDataString(doi), context)),
            cancellationToken);

    /// <summary>Serves <paramref name="cslJson"/> (one CSL-JSON item) for <paramref name="doi"/>.</summary>
    public void AddWork(string doi, string cslJson) => Works[doi] = cslJson;

    private Task AnswerDoiAsync(string doi, HttpContext context) => AnswerAsync(doi, doi, context, async context =>
    {
        if (!context.Request.Headers.Accept.ToString().Contains(CslJson, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 406;
            await context.Response.WriteAsync("Not acceptable", context.RequestAborted);
            return;
        }

        if (!Works.TryGetValue(doi, out var body))
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>DOI Not Found</body></html>", context.RequestAborted);
            return;
        }

        context.Response.ContentType = CslJson;
        await context.Response.WriteAsync(body, context.RequestAborted);
    });

    protected override void AddLimitHeaders(HttpContext context)
    {
        // doi.org publishes no rate-limit headers.
    }
}
