namespace Enrichment.Core.Citations;

/// <summary>
/// How much a style or an item's text may ask of the processor. Styles and CSL-JSON come from users, so every
/// tree built from them has a bound: a deeper or bigger input is refused (a style) or kept flat (item markup)
/// instead of exhausting the stack.
/// </summary>
public sealed record CslLimits
{
    public static CslLimits Default { get; } = new();

    /// <summary>Largest style accepted by <see cref="CslStyle.Load(string, CslLimits?)"/>, in UTF-8 bytes (2 MiB).</summary>
    public int MaxStyleBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>
    /// How deep elements may nest in a style (256), counting a macro's elements as nested where it is called.
    /// Rendering recurses over the style tree, so this bound is what keeps that recursion shallow.
    /// </summary>
    public int MaxElementDepth { get; init; } = 256;

    /// <summary>
    /// How deep markup in item text (<c>&lt;i&gt;</c>, <c>&lt;b&gt;</c>, spans, quotes) may nest (64); markup deeper than
    /// this is kept as literal text.
    /// </summary>
    public int MaxRichTextDepth { get; init; } = 64;

    // Upper bounds keep a misconfigured limit from reopening the stack overflow the limits exist to prevent.
    private const int DepthCeiling = 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStyleBytes, 1, nameof(MaxStyleBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxElementDepth, 1, nameof(MaxElementDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxElementDepth, DepthCeiling, nameof(MaxElementDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRichTextDepth, 0, nameof(MaxRichTextDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRichTextDepth, DepthCeiling, nameof(MaxRichTextDepth));
    }
}
