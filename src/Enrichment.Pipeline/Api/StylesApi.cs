using Enrichment.Core.Citations;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Api;

/// <summary>A style a caller may name in <c>?style=</c>, and where it lives.</summary>
public sealed record StyleEntry(string Name, string Source);

/// <summary>
/// <c>GET /api/styles</c>: the styles an HTTP caller may choose: the built-in ones, then those in the
/// <c>styles</c> container (at most <see cref="MaxListed"/>), and which of them the pipeline renders for every
/// record. The operator's file paths and URLs are never listed.
/// </summary>
public sealed class StylesApi(ICitationFormatter formatter, IStyleStore store, IOptions<PipelineOptions> options, IOptions<StyleOptions> styleOptions)
{
    public const string BuiltInSource = "built-in";
    public const string ContainerSource = "container";

    /// <summary>The most container styles one answer lists.</summary>
    public const int MaxListed = 500;

    public async Task<ApiResult> ListAsync(CancellationToken cancellationToken = default)
    {
        var styles = formatter.BuiltInStyles.Select(name => new StyleEntry(name, BuiltInSource)).ToList();
        var known = new HashSet<string>(formatter.BuiltInStyles, StringComparer.OrdinalIgnoreCase);
        await foreach (var name in store.ListAsync(MaxListed, cancellationToken).ConfigureAwait(false))
        {
            if (IsCallerName(name) && known.Add(name))
            {
                styles.Add(new StyleEntry(name, ContainerSource));
            }
        }

        var configured = options.Value.StyleList.Where(known.Contains).ToList();
        return ApiResult.Ok(new { styles, configured });
    }

    /// <summary>A name a caller can send back as <c>?style=</c>: the characters the formatter looks up in the container.</summary>
    private bool IsCallerName(string name) =>
        name.Length > 0 && name.Length <= styleOptions.Value.MaxNameLength && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
