using System.ComponentModel.DataAnnotations;

namespace Enrichment.Pipeline;

/// <summary>Pipeline settings, bound from the configuration section <c>Enrichment</c>.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Enrichment";

    /// <summary>Comma-separated citation styles rendered for every record. Default <c>apa</c>.</summary>
    [Required]
    public string Styles { get; set; } = "apa";

    /// <summary>How many queue messages Ingest sends at once.</summary>
    [Range(1, 256)]
    public int SendParallelism { get; set; } = 32;

    /// <summary>How many times a record waits for an unavailable Crossref before it fails. Default 6.</summary>
    [Range(1, 100)]
    public int CrossrefMaxAttempts { get; set; } = 6;

    /// <summary>The first wait after Crossref was unavailable; it doubles each time. Default 5 s.</summary>
    [Range(0.0, 3600.0)]
    public double CrossrefRetryBaseSeconds { get; set; } = 5;

    public IReadOnlyList<string> StyleList =>
        Styles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
