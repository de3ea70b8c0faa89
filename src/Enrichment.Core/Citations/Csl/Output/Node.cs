using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations.Csl.Output;

/// <summary>
/// One piece of rendered output: a text leaf, or children joined by a delimiter, with formatting, quotes
/// and affixes around them. Serialisation (HTML or text) happens once, at the end, so punctuation between
/// neighbours can be settled across element boundaries.
/// </summary>
/// <remarks>
/// The walks here (and in Serializer and TextCase) recurse. A tree is built by rendering a compiled style, so
/// it is no deeper than the style's nesting (CslLimits.MaxElementDepth) plus item markup
/// (CslLimits.MaxRichTextDepth): no input reaches here deeper than those limits.
/// </remarks>
internal sealed class Node
{
    public string? Text { get; set; }
    public List<Node>? Kids { get; set; }
    public string? Prefix { get; set; }
    public string? Suffix { get; set; }
    public string? Delimiter { get; set; }
    public FontStyle? FontStyle { get; set; }
    public FontVariant? FontVariant { get; set; }
    public FontWeight? FontWeight { get; set; }
    public TextDecoration? TextDecoration { get; set; }
    public VerticalAlign? VerticalAlign { get; set; }
    public string? Display { get; set; }
    public bool Quotes { get; set; }

    /// <summary>Protected from text-case (a <c>nocase</c> span in the input).</summary>
    public bool NoCase { get; set; }

    /// <summary>Raw markup passed through untouched (HTML only).</summary>
    public bool IsMarkup { get; set; }

    /// <summary>A locale term (capitalised when it opens a cite).</summary>
    public bool IsTerm { get; set; }

    /// <summary>Input text whose leading punctuation is not to be moved into a preceding quote.</summary>
    public bool Verbatim { get; set; }

    /// <summary>
    /// Quotes the input wrote as single curly quotes: they stay single when no quotes enclose them; nested in
    /// quotes they alternate with the enclosing ones like any other.
    /// </summary>
    public bool SingleQuotes { get; set; }

    public static Node Leaf(string text) => new() { Text = text };

    public static Node Of(List<Node> kids, string? delimiter = null) => new() { Kids = kids, Delimiter = delimiter };

    public bool IsEmpty
    {
        get
        {
            if (Text is not null)
            {
                return Text.Length == 0;
            }

            if (Kids is null)
            {
                return true;
            }

            foreach (var kid in Kids)
            {
                if (!kid.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public bool HasOwnDecoration => Prefix is not null || Suffix is not null || FontStyle is not null
        || FontVariant is not null || FontWeight is not null || TextDecoration is not null
        || VerticalAlign is not null || Display is not null || Quotes;

    /// <summary>Applies formatting, quotes, display and affixes of an element around this node.</summary>
    public Node Decorate(Decor d, bool withAffixes = true)
    {
        var target = this;
        if (HasOwnDecoration || Delimiter is not null)
        {
            target = new Node { Kids = [this] };
        }

        target.FontStyle = d.FontStyle;
        target.FontVariant = d.FontVariant;
        target.FontWeight = d.FontWeight;
        target.TextDecoration = d.TextDecoration;
        target.VerticalAlign = d.VerticalAlign;
        target.Quotes = d.Quotes;
        target.Display = d.Display;
        if (withAffixes)
        {
            target.Prefix = string.IsNullOrEmpty(d.Prefix) ? null : d.Prefix;
            target.Suffix = string.IsNullOrEmpty(d.Suffix) ? null : d.Suffix;
        }

        return target;
    }

    /// <summary>All text of the subtree without markup, affixes included (for sorting and comparison).</summary>
    public void AppendPlain(System.Text.StringBuilder sb)
    {
        if (IsEmpty)
        {
            return;
        }

        sb.Append(Prefix);
        if (Text is not null)
        {
            sb.Append(Text);
        }
        else if (Kids is not null)
        {
            var first = true;
            foreach (var kid in Kids)
            {
                if (kid.IsEmpty)
                {
                    continue;
                }

                if (!first)
                {
                    sb.Append(Delimiter);
                }

                first = false;
                kid.AppendPlain(sb);
            }
        }

        sb.Append(Suffix);
    }

    public string ToPlain()
    {
        var sb = new System.Text.StringBuilder();
        AppendPlain(sb);
        return sb.ToString();
    }

    /// <summary>Visits the text leaves in order.</summary>
    public void Leaves(List<Node> into)
    {
        if (Text is not null)
        {
            into.Add(this);
        }
        else if (Kids is not null)
        {
            foreach (var kid in Kids)
            {
                kid.Leaves(into);
            }
        }
    }
}
