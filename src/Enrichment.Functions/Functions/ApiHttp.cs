using Enrichment.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Enrichment.Functions.Functions;

/// <summary>The Functions app's edge of the route table: the request in, the host-neutral <see cref="ApiResult"/> out, as <c>enrich serve</c> writes it.</summary>
public static class ApiHttp
{
    public static async Task<IActionResult> HandleAsync(
        IServiceProvider services, ApiRoute route, HttpRequest request, Dictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        var query = request.Query.Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<string?>)[.. p.Value]));
        var result = await route.HandleAsync(services, new ApiRequest(routeValues, query, request.Body), cancellationToken).ConfigureAwait(false);
        return new Written(result);
    }

    /// <summary>An answer the caller already has (the page's files), written as the routes' answers are.</summary>
    public static IActionResult Write(ApiResult result) => new Written(result);

    /// <summary>Writes status, headers and body (streamed for exports, never held whole) straight to the response.</summary>
    private sealed class Written(ApiResult result) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = result.StatusCode;
            response.ContentType = result.ContentType;
            foreach (var (name, value) in result.Headers)
            {
                response.Headers[name] = value;
            }

            await result.WriteBodyAsync(response.Body, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
