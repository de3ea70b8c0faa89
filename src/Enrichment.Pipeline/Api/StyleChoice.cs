using Enrichment.Core.Citations;
using Enrichment.Core.Records;

namespace Enrichment.Pipeline.Api;

/// <summary>A caller's choice of style, checked before any answer starts: one problem for every style that cannot be used, saying nothing about why.</summary>
internal static class StyleChoice
{
    public static Task<ApiResult?> ProblemAsync(ICitationFormatter formatter, string style, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        try
        {
            formatter.FormatEntry(new Reference { Id = "probe", Type = "article" }, style);
            return Task.FromResult<ApiResult?>(null);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or IOException or HttpRequestException)
        {
            return Task.FromResult<ApiResult?>(Unknown(style, formatter));
        }
    }

    public static ApiResult Unknown(string style, ICitationFormatter formatter) => ApiResult.Problem(
        400, "Unknown style", $"'{ApiRequest.Shorten(style)}' is not a style here: use a built-in one ({string.Join(", ", formatter.BuiltInStyles)}) or one in the '{StorageNames.StylesContainer}' container.");
}
