using Enrichment.Core.Citations;

namespace Enrichment.Pipeline.Api;

/// <summary>A caller's choice of style, checked before any answer starts: one problem for every style that cannot be used, saying nothing about why.</summary>
internal static class StyleChoice
{
    /// <summary>The compiled style, or null when it cannot be used (<paramref name="origin"/> decides whether files and URLs count).</summary>
    public static async Task<CitationStyle?> ResolveAsync(ICitationFormatter formatter, string style, StyleOrigin origin, CancellationToken cancellationToken)
    {
        try
        {
            return await formatter.GetStyleAsync(style, origin, cancellationToken).ConfigureAwait(false);
        }
        catch (UnknownStyleException)
        {
            return null;
        }
    }

    public static ApiResult Unknown(string style, ICitationFormatter formatter) => ApiResult.Problem(
        400, "Unknown style", $"'{ApiRequest.Shorten(style)}' is not a style here: use a built-in one ({string.Join(", ", formatter.BuiltInStyles)}) or one in the '{StorageNames.StylesContainer}' container.");
}
