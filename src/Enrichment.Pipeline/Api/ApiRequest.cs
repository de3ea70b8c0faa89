using System.Globalization;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// A request as either host hands it over: route values, the query string, the body. Query parameters are
/// read through <see cref="Text"/>, <see cref="Integer"/> and <see cref="Boolean"/> after <see cref="Validate"/> has refused any the
/// route does not know, so a mistyped filter is a 400 naming it, never a silent "everything".
/// </summary>
public sealed class ApiRequest(
    IReadOnlyDictionary<string, string?> routeValues,
    IEnumerable<KeyValuePair<string, IReadOnlyList<string?>>> query,
    Stream? body = null)
{
    /// <summary>The Functions host's own parameter (a function key); both hosts accept it and no route reads it.</summary>
    public const string KeyParameter = "code";

    private readonly Dictionary<string, IReadOnlyList<string?>> _query = query.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    public Stream Body { get; } = body ?? Stream.Null;

    public string? Route(string name) => routeValues.GetValueOrDefault(name);

    /// <summary>A problem naming the first query parameter the route does not take, or one given twice; null when all is well.</summary>
    public ApiResult? Validate(IReadOnlyCollection<string> allowed)
    {
        foreach (var (name, values) in _query)
        {
            if (!allowed.Contains(name, StringComparer.OrdinalIgnoreCase) && !string.Equals(name, KeyParameter, StringComparison.OrdinalIgnoreCase))
            {
                return ApiResult.Problem(400, "Unknown query parameter", $"This route does not take '{Shorten(name)}'."
                    + (allowed.Count == 0 ? " It takes no query parameters." : $" It takes: {string.Join(", ", allowed)}."));
            }

            if (values.Count > 1)
            {
                return ApiResult.Problem(400, "Query parameter given twice", $"Give '{name}' once.");
            }
        }

        return null;
    }

    /// <summary>A query parameter's text; null when absent or empty.</summary>
    public string? Text(string name) =>
        _query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>A whole-number query parameter within bounds: its value, null when absent, or a problem naming it.</summary>
    public (int? Value, ApiResult? Problem) Integer(string name, int min, int max)
    {
        if (Text(name) is not { } text)
        {
            return (null, null);
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (null, ApiResult.Problem(400, $"Invalid {name}", $"{name} must be a whole number from {min} to {max}."));
    }

    /// <summary>A <c>true</c>/<c>false</c> query parameter (any case): its value, null when absent, or a problem naming it.</summary>
    public (bool? Value, ApiResult? Problem) Boolean(string name) => Text(name) switch
    {
        null => (null, null),
        var text when bool.TryParse(text, out var value) && !text.Any(char.IsWhiteSpace) => (value, null),
        _ => (null, ApiResult.Problem(400, $"Invalid {name}", $"{name} must be true or false.")),
    };

    internal static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
