using System.ComponentModel.DataAnnotations;

namespace Enrichment.Core.Citations;

/// <summary>Limits on loading citation styles. Section <c>Styles</c>.</summary>
public sealed class StyleOptions
{
    public const string SectionName = "Styles";

    /// <summary>The largest style (file, URL or blob) read, enforced while reading. Default 2 MiB (the largest official style is about 0.2 MiB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxStyleBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long one style may take to load, with its parent. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many compiled styles (other than the built-in ones, always kept) stay in memory. Default 64.</summary>
    [Range(1, 10_000)]
    public int CacheSize { get; set; } = 64;

    /// <summary>How many redirects to the same scheme, host and port a style URL may take. Default 3.</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    /// <summary>The longest style name looked up in the styles container. Default 100.</summary>
    [Range(1, 1024)]
    public int MaxNameLength { get; set; } = 100;
}
