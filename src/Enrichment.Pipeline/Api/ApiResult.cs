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

    /// <summary>When set, the body is written by this callback (streamed) instead of <see cref="Body"/>.</summary>
    public Func<Stream, CancellationToken, Task>? BodyWriter { get; init; }

    public static ApiResult Stream(string contentType, Func<Stream, CancellationToken, Task> writer, string? fileName = null) =>
        new(200, contentType, "")
        {
            BodyWriter = writer,
            Headers = fileName is null
                ? ImmutableDictionary<string, string>.Empty
                : ImmutableDictionary<string, string>.Empty.Add("Content-Disposition", $"attachment; filename=\"{fileName}\""),
        };

    /// <summary>Writes the body: the streamed one, or <see cref="Body"/> as UTF-8.</summary>
    public async Task WriteBodyAsync(Stream output, CancellationToken cancellationToken)
    {
        if (BodyWriter is not null)
        {
            await BodyWriter(output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Body), cancellationToken).ConfigureAwait(false);
        }
    }

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
