using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.ReferenceList;
using Enrichment.Core.Formats.Ris;

namespace Enrichment.Core.Formats;

/// <summary>The source and export formats the product reads and writes.</summary>
public enum ReferenceFormat
{
    BibTex,
    Ris,
    CslJson,
    DoiList,

    /// <summary>A pasted list of references as text, without fields (one record per reference).</summary>
    ReferenceList,
}

/// <summary>
/// The one place that knows which reader and writer serve a format, and the names users type for it
/// (<c>--format</c>, <c>--to</c>, the export endpoint's <c>format</c> parameter).
/// </summary>
public static class ReferenceFormats
{
    /// <summary>The names <see cref="Parse"/> accepts, canonical name first for each format.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bibtex", "ris", "csl-json", "doi-list", "reference-list"];

    public static IReferenceReader CreateReader(ReferenceFormat format) => format switch
    {
        ReferenceFormat.BibTex => new BibTexReader(),
        ReferenceFormat.Ris => new RisReader(),
        ReferenceFormat.CslJson => new CslJsonReader(),
        ReferenceFormat.DoiList => new DoiListReader(),
        ReferenceFormat.ReferenceList => new ReferenceListReader(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown reference format"),
    };

    public static IReferenceWriter CreateWriter(ReferenceFormat format) => format switch
    {
        ReferenceFormat.BibTex => new BibTexWriter(),
        ReferenceFormat.Ris => new RisWriter(),
        ReferenceFormat.CslJson => new CslJsonWriter(),
        ReferenceFormat.DoiList => new DoiListWriter(),
        ReferenceFormat.ReferenceList => new ReferenceListWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown reference format"),
    };

    /// <summary>
    /// Reads a format name as users type it: <c>bibtex</c>, <c>ris</c>, <c>csl-json</c>, <c>doi-list</c>, <c>reference-list</c>
    /// (case-insensitive, with a few common aliases). <c>auto</c> is not a format: the caller runs
    /// <see cref="FormatDetector"/> for it.
    /// </summary>
    public static ReferenceFormat Parse(string name) =>
        TryParse(name, out var format)
            ? format
            : throw new FormatException(
                string.Equals(name?.Trim(), "auto", StringComparison.OrdinalIgnoreCase)
                    ? "'auto' is not a format: detect it with FormatDetector.Detect"
                    : $"Unknown format '{name}': expected one of {string.Join(", ", Names)}");

    public static bool TryParse(string? name, out ReferenceFormat format)
    {
        ReferenceFormat? found = name?.Trim().ToLowerInvariant() switch
        {
            "bibtex" or "biblatex" or "bib" => ReferenceFormat.BibTex,
            "ris" => ReferenceFormat.Ris,
            "csl-json" or "csljson" or "csl" or "json" => ReferenceFormat.CslJson,
            "doi-list" or "doilist" or "doi" or "dois" => ReferenceFormat.DoiList,
            "reference-list" or "referencelist" or "references" or "refs" => ReferenceFormat.ReferenceList,
            _ => null,
        };
        format = found.GetValueOrDefault();
        return found is not null;
    }

    /// <summary>The canonical name, as <see cref="Parse"/> reads it back.</summary>
    public static string Name(ReferenceFormat format) => format switch
    {
        ReferenceFormat.BibTex => "bibtex",
        ReferenceFormat.Ris => "ris",
        ReferenceFormat.CslJson => "csl-json",
        ReferenceFormat.DoiList => "doi-list",
        ReferenceFormat.ReferenceList => "reference-list",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown reference format"),
    };

    /// <summary>The file extension an export in this format gets, with its dot.</summary>
    public static string FileExtension(ReferenceFormat format) => format switch
    {
        ReferenceFormat.BibTex => ".bib",
        ReferenceFormat.Ris => ".ris",
        ReferenceFormat.CslJson => ".json",
        ReferenceFormat.DoiList or ReferenceFormat.ReferenceList => ".txt",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown reference format"),
    };

    /// <summary>The media type an HTTP export in this format is served with.</summary>
    public static string MediaType(ReferenceFormat format) => format switch
    {
        ReferenceFormat.BibTex => "application/x-bibtex",
        ReferenceFormat.Ris => "application/x-research-info-systems",
        ReferenceFormat.CslJson => "application/vnd.citationstyles.csl+json",
        ReferenceFormat.DoiList or ReferenceFormat.ReferenceList => "text/plain",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown reference format"),
    };
}
