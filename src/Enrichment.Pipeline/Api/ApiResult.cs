using System.Collections.Immutable;
using System.Text.Json;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// An HTTP answer, host-neutral: the Functions app and <c>enrich serve</c> write it the same way, so both
/// hosts answer the same routes with the same bytes. Errors are RFC 9457 problem details.
/// </summary>
public sealed record ApiResult(int StatusCode, string ContentType, string Body)
{
    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ApiResult Ok<T>(T value) => new(200, "application/json; charset=utf-8", JsonSerializer.Serialize(value, Json));

    public static ApiResult Text(string body, string contentType, int statusCode = 200) => new(statusCode, contentType, body);

    public static ApiResult Problem(int statusCode, string title, string detail, TimeSpan? retryAfter = null)
    {
        var problem = new { type = "about:blank", title, status = statusCode, detail };
        var result = new ApiResult(statusCode, "application/problem+json; charset=utf-8", JsonSerializer.Serialize(problem, Json));
        return retryAfter is { } delay
            ? result with { Headers = result.Headers.Add("Retry-After", Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            : result;
    }
}
