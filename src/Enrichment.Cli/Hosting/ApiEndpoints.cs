using Enrichment.Pipeline.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enrichment.Cli.Hosting;

/// <summary>The Functions app's HTTP routes as minimal APIs, over the same Pipeline API classes.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapEnrichmentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/works/{**doi}", (string doi, string? style, WorksApi works, CancellationToken cancellationToken) =>
            Write(works.GetAsync(doi, style, cancellationToken)));
        api.MapPost("/uploads", (HttpRequest request, string? name, UploadsApi uploads, CancellationToken cancellationToken) =>
            Write(uploads.CreateAsync(name, request.Body, $"{request.Scheme}://{request.Host}", cancellationToken)));
        api.MapGet("/uploads/{id}", (string id, UploadsApi uploads, CancellationToken cancellationToken) =>
            Write(uploads.GetAsync(id, cancellationToken)));
        api.MapGet("/uploads/{id}/records", (string id, string? status, string? doi, int? year, string? type, string? title, int? top, string? continuationToken, UploadsApi uploads, CancellationToken cancellationToken) =>
            Write(uploads.ListRecordsAsync(id, new RecordQuery(status, doi, year, type, title, top ?? UploadsApi.DefaultPageSize, continuationToken), cancellationToken)));
        return app;
    }

    private static async Task<IResult> Write(Task<ApiResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        return new ApiHttpResult(result);
    }

    private sealed class ApiHttpResult(ApiResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in result.Headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            httpContext.Response.StatusCode = result.StatusCode;
            httpContext.Response.ContentType = result.ContentType;
            await httpContext.Response.WriteAsync(result.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
