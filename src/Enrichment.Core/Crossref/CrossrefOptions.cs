using System.ComponentModel.DataAnnotations;

namespace Enrichment.Core.Crossref;

/// <summary>How to reach Crossref. Bound from the configuration section <c>Crossref</c>.</summary>
public sealed class CrossrefOptions
{
    public const string SectionName = "Crossref";

    /// <summary>The API root. Tests point it at the fake Crossref on 127.0.0.1.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.crossref.org";

    /// <summary>
    /// A contact address, sent in the User-Agent and as <c>mailto=</c>: it puts requests in Crossref's polite pool.
    /// Required, so a deployment without it fails at start rather than being throttled later.
    /// </summary>
    [Required]
    [EmailAddress]
    public string Mailto { get; set; } = "";

    /// <summary>Per-request timeout. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The product part of the User-Agent.</summary>
    public string UserAgentProduct { get; set; } = "Enrichment/1.0 (https://github.com/enrichment/enrichment";
}
