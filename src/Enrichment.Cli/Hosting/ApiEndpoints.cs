using System.Security.Cryptography;
using System.Text;
using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enrichment.Cli.Hosting;

/// <summary>
/// The route table (<see cref="ApiRoutes"/>) as minimal APIs, the page (<see cref="WebPage"/>) at <c>/</c>, and the
/// edges the Functions host gives its app for free: problem details for every error status (404, 405, 413, 500...),
/// and a key for <c>/api</c> when <c>Enrichment__ApiKey</c> is set (the page itself is anonymous, as in the Functions app).
/// </summary>
internal static class ApiEndpoints
{
    public const string KeyHeader = "x-functions-key";

    /// <summary>The longest path and query the API takes; Kestrel's own request-line limit is set above it, so a longer one still gets a problem body.</summary>
    public const int MaxUrlChars = 8 * 1024;

    private static readonly PathString ApiPath = "/" + ApiRoutes.Prefix.TrimEnd('/');

    public static WebApplication UseEnrichmentApi(this WebApplication app, string? apiKey)
    {
        // Any failure below a route: a problem with the status's own words, never the exception's. A request
        // Kestrel refuses while a route reads it (a body over the size limit) keeps its own status (413).
        app.UseExceptionHandler(error => error.Run(context => Write(context, ApiResult.Problem(
            context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is BadHttpRequestException refused
                ? refused.StatusCode
                : StatusCodes.Status500InternalServerError))));
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = status => Write(status.HttpContext, ApiResult.Problem(status.HttpContext.Response.StatusCode)) });
        app.Use((context, next) => context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length > MaxUrlChars
            ? Write(context, ApiResult.Problem(StatusCodes.Status414UriTooLong))
            : next(context));
        if (apiKey is not null)
        {
            app.Use((context, next) => !context.Request.Path.StartsWithSegments(ApiPath) || HasKey(context.Request, apiKey)
                ? next(context)
                : Write(context, ApiResult.Problem(StatusCodes.Status401Unauthorized)));
        }

        app.MapEnrichmentApi();
        return app;
    }

    public static IEndpointRouteBuilder MapEnrichmentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiPath);
        foreach (var route in ApiRoutes.All)
        {
            api.MapMethods("/" + route.Template, [route.Method], async context =>
            {
                var query = context.Request.Query.Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<string?>)[.. p.Value]));
                var routeValues = context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString());
                var result = await route.HandleAsync(context.RequestServices, new ApiRequest(routeValues, query, context.Request.Body), context.RequestAborted)
                    .ConfigureAwait(false);
                await Write(context, result).ConfigureAwait(false);
            }).WithName(route.Name);
        }

        app.MapGet("/" + WebPage.Template, context => Write(context, WebPage.Get(context.Request.RouteValues["file"]?.ToString()))).WithName("WebPage");
        return app;
    }

    private static async Task Write(HttpContext context, ApiResult result)
    {
        var response = context.Response;
        response.StatusCode = result.StatusCode;
        response.ContentType = result.ContentType;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers[name] = value;
        }

        await result.WriteBodyAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The key as the Functions host takes it: the <c>x-functions-key</c> header or <c>?code=</c>, compared in constant time.</summary>
    private static bool HasKey(HttpRequest request, string apiKey)
    {
        var given = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query[ApiRequest.KeyParameter].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(apiKey));
    }
}
