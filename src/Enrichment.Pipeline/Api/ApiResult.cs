using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// An HTTP answer, host-neutral: the Functions app and <c>enrich serve</c> write it the same way, so both
/// hosts answer the same routes with the same bytes. Errors are RFC 9457 problem details.
/// </summary>
public sealed record ApiResult(int StatusCode, string ContentType, string Body)
{
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>When set, the body is written by this callback (streamed) instead of <see cref="Body"/>.</summary>
    public Func<Stream, CancellationToken, Task>? BodyWriter { get; init; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>A streamed download; the file name goes into Content-Disposition as RFC 6266 says (an ASCII fallback and <c>filename*</c>).</summary>
    public static ApiResult Stream(string contentType, Func<Stream, CancellationToken, Task> writer, string fileName) =>
        new(200, contentType, "")
        {
            BodyWriter = writer,
            Headers = ImmutableDictionary<string, string>.Empty.Add("Content-Disposition", ContentDisposition(fileName)),
        };

    public static ApiResult Ok<T>(T value, int statusCode = 200) => new(statusCode, "application/json; charset=utf-8", JsonSerializer.Serialize(value, Json));

    public static ApiResult Problem(int statusCode, string title, string detail, TimeSpan? retryAfter = null)
    {
        var problem = new { type = "about:blank", title, status = statusCode, detail };
        var result = new ApiResult(statusCode, ProblemContentType, JsonSerializer.Serialize(problem, Json));
        return retryAfter is { } delay
            ? result with { Headers = result.Headers.Add("Retry-After", Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture)) }
            : result;
    }

    /// <summary>The problem for any status a route did not answer itself (404, 405, 413, 500...): the status's own words, nothing about the server.</summary>
    public static ApiResult Problem(int statusCode) => Problem(statusCode, StatusTitle(statusCode), StatusDetail(statusCode));

    public ApiResult WithHeader(string name, string value) => this with { Headers = Headers.SetItem(name, value) };

    /// <summary>Writes the body: the streamed one, or <see cref="Body"/> as UTF-8.</summary>
    public async Task WriteBodyAsync(Stream output, CancellationToken cancellationToken)
    {
        if (BodyWriter is not null)
        {
            await BodyWriter(output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(Encoding.UTF8.GetBytes(Body), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string ContentDisposition(string fileName)
    {
        var ascii = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            ascii.Append(c is >= ' ' and < '\u007f' and not ('"' or '\\' or ';') ? c : '_');
        }

        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }

    private static string StatusTitle(int statusCode) => statusCode switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Request body too large",
        414 => "URI too long",
        431 => "Request headers too large",
        _ when statusCode >= 500 => "Server error",
        _ => "Request failed",
    };

    private static string StatusDetail(int statusCode) => statusCode switch
    {
        401 => "This API needs a key: send it as the x-functions-key header or the code query parameter.",
        404 => "No such route. The API's routes are under /api: works/{doi}, uploads, uploads/{id}, uploads/{id}/records, uploads/{id}/export, records, styles.",
        405 => "This route does not take that method.",
        413 => "The request body is larger than this server accepts.",
        _ when statusCode >= 500 => "The server could not answer this request. It has been logged; try again later.",
        _ => "The request could not be handled.",
    };
}
